// Structured JSON logging (pino): one root logger, and a child per reconcile naming the object.
// Credentials never reach the log: fields that carry them are redacted wherever they appear near the top.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { KubeObject } from './reconciler.js';

export type { Logger } from 'pino';

const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'bearerToken',
  'password',
  'clientSecret',
  'client_secret',
  'kubeconfig',
  'kubeConfig',
  'certificateData',
  'keyData',
];

/** Paths redacted from every log line: the fields above at the top, one level down, and in headers. */
export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((f) => [
  f,
  `*.${f}`,
  `headers.${f}`,
  `*.headers.${f}`,
  `request.headers.${f}`,
]);

export interface LoggerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent. Defaults to LOG_LEVEL or info. */
  level?: string;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** A JSON logger with the project's redaction list. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const opts = { level, redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** The process-wide root logger. */
export const rootLogger: Logger = createLogger();

/** A logger that drops everything (unit tests). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Child logger for one reconcile of `obj`: kind, namespace, name, generation on every line. */
export function reconcileLogger(
  kind: string,
  obj: KubeObject | undefined,
  parent: Logger = rootLogger,
): Logger {
  const meta = obj?.metadata;
  return parent.child({
    kind,
    namespace: meta?.namespace,
    name: meta?.name,
    generation: meta?.generation,
  });
}
