// Pre-flight P1/P2: objects (or API requests) that use an API version the target Kubernetes release no
// longer serves, each named with the version to move to. Pure: the gatherer supplies what it saw.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { isAtOrBefore } from './kube-version.js';
import type { RemovedApi } from './deprecated-api-table.js';

/** An object seen in the workload cluster, with an apiVersion it was declared or written with. */
export interface ObservedObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Where the apiVersion came from, e.g. `last-applied-configuration`, `managedFields`. */
  source?: string;
}

function objectName(o: ObservedObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function replacementText(row: RemovedApi): string {
  return row.replacement ? `migrate it to ${row.replacement}` : 'there is no replacement API; remove it';
}

/** Rows that matter for `target`: removed at or before it, plus add-on APIs with no fixed release. */
export function removalsFor(table: RemovedApi[], target: string): RemovedApi[] {
  return table.filter(
    (r) => (r.removedIn !== null && isAtOrBefore(r.removedIn, target)) || (r.removedIn === null && r.isAddon),
  );
}

export function findRemovedApis(objects: ObservedObject[], target: string, table: RemovedApi[]): Finding[] {
  const index = new Map(removalsFor(table, target).map((r) => [`${r.apiVersion}|${r.kind}`, r]));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const row = index.get(`${o.apiVersion}|${o.kind}`);
    const key = `${o.apiVersion}|${objectName(o)}`;
    if (!row || seen.has(key)) continue;
    seen.add(key);
    const via = o.source ? ` (seen in ${o.source})` : '';
    if (row.removedIn === null) {
      findings.push({
        severity: Severity.Warning,
        reason: FindingReason.DeprecatedAddonApiInUse,
        subject: objectName(o),
        message: `${objectName(o)} uses ${row.apiVersion}${via}, deprecated by its add-on with no fixed removal release; ${replacementText(row)}`,
      });
      continue;
    }
    findings.push({
      severity: row.isServedByApiServer ? Severity.Error : Severity.Warning,
      reason: FindingReason.RemovedApiInUse,
      subject: objectName(o),
      message: `${objectName(o)} uses ${row.apiVersion}${via}, which Kubernetes ${row.removedIn} removed (target ${target}); ${replacementText(row)}`,
    });
  }
  return findings;
}

/** `PodDisruptionBudget` → `poddisruptionbudgets`, `Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`. */
export function resourceOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

interface DeprecatedRequest {
  group: string;
  version: string;
  resource: string;
  removedRelease: string;
}

const METRIC_LINE = /^apiserver_requested_deprecated_apis\{([^}]*)\}\s+(\S+)/;

/** Series of kube-apiserver's `apiserver_requested_deprecated_apis` gauge with a value above 0. */
export function parseDeprecatedApiMetrics(text: string): DeprecatedRequest[] {
  const out: DeprecatedRequest[] = [];
  for (const line of text.split('\n')) {
    const m = METRIC_LINE.exec(line.trim());
    if (!m || Number(m[2]) <= 0) continue;
    const labels = Object.fromEntries(
      [...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]),
    );
    out.push({
      group: labels.group ?? '',
      version: labels.version ?? '',
      resource: labels.resource ?? '',
      removedRelease: labels.removed_release ?? '',
    });
  }
  return out;
}

/** P1: API versions requested recently (the apiserver's own metric) that the target no longer serves. */
export function findRemovedApiRequests(metricsText: string, target: string, table: RemovedApi[]): Finding[] {
  const findings: Finding[] = [];
  for (const req of parseDeprecatedApiMetrics(metricsText)) {
    if (!req.removedRelease || !isAtOrBefore(req.removedRelease, target)) continue;
    const apiVersion = req.group ? `${req.group}/${req.version}` : req.version;
    const row =
      table.find((r) => r.apiVersion === apiVersion && resourceOf(r.kind) === req.resource) ??
      table.find((r) => r.apiVersion === apiVersion);
    const replacement = row ? `; ${replacementText(row)}` : '';
    findings.push({
      severity: Severity.Error,
      reason: FindingReason.RemovedApiInUse,
      subject: `${req.resource}.${apiVersion}`,
      message: `clients still request ${req.resource} through ${apiVersion}, which Kubernetes ${req.removedRelease} removed (target ${target})${replacement}`,
    });
  }
  return findings;
}
