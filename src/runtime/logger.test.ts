import { Writable } from 'node:stream';
import { createLogger, reconcileLogger } from './logger.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('logger', () => {
  it('writes JSON with kind, namespace, name and generation on reconcile lines', () => {
    const out = capture();
    const root = createLogger({ level: 'info', destination: out.stream });
    reconcileLogger('NodePool', { metadata: { name: 'p1', namespace: 'ns', generation: 4 } }, root).info(
      'hello',
    );
    expect(out.lines()[0]).toMatchObject({
      kind: 'NodePool',
      namespace: 'ns',
      name: 'p1',
      generation: 4,
      msg: 'hello',
    });
  });

  it.each([
    ['a top-level token', { token: 's3cret' }],
    ['an authorization header', { headers: { authorization: 'Bearer s3cret' } }],
    ['a nested kubeconfig', { cluster: { kubeconfig: 's3cret' } }],
    ['a nested client secret', { azure: { clientSecret: 's3cret' } }],
    ['a request authorization header', { request: { headers: { Authorization: 'Bearer s3cret' } } }],
  ])('never prints %s', (_name, fields) => {
    const out = capture();
    createLogger({ level: 'info', destination: out.stream }).info(fields, 'call');
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('s3cret');
    expect(text).toContain('[REDACTED]');
  });
});
