// Fleet check: pod and service CIDRs of clusters that must route to each other may not overlap, and a
// cluster's own pod and service ranges may not overlap either. IPv4 and IPv6.

import { isIP } from 'node:net';
import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

export interface ClusterNetworks {
  name: string;
  podCidrs: string[];
  serviceCidrs: string[];
}

interface Range {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

function ipToBigInt(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split('.').reduce((n, octet) => (n << 8n) + BigInt(Number(octet)), 0n);
  const [head = '', tail = ''] = ip.split('::');
  const parts = (s: string): string[] => (s ? s.split(':') : []);
  const h = parts(head);
  const t = ip.includes('::') ? parts(tail) : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

/** Parses `10.0.0.0/16`; undefined when it is not a CIDR. */
export function parseCidr(cidr: string): Range | undefined {
  const [ip, bitsText] = cidr.trim().split('/');
  const fam = isIP(ip ?? '');
  const bits = Number(bitsText);
  if ((fam !== 4 && fam !== 6) || !Number.isInteger(bits)) return undefined;
  const width = fam === 4 ? 32 : 128;
  if (bits < 0 || bits > width) return undefined;
  const hostBits = BigInt(width - bits);
  const start = (ipToBigInt(ip as string, fam) >> hostBits) << hostBits;
  return { family: fam, start, end: start + (1n << hostBits) - 1n };
}

function overlaps(a: Range, b: Range): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

interface Owned {
  cluster: string;
  kind: 'pod' | 'service';
  cidr: string;
  range: Range;
}

export function findCidrOverlaps(clusters: ClusterNetworks[]): Finding[] {
  const findings: Finding[] = [];
  const all: Owned[] = [];
  for (const c of clusters) {
    for (const [kind, list] of [
      ['pod', c.podCidrs],
      ['service', c.serviceCidrs],
    ] as const) {
      for (const cidr of list) {
        const range = parseCidr(cidr);
        if (range) all.push({ cluster: c.name, kind, cidr, range });
        else
          findings.push({
            severity: Severity.Error,
            reason: FindingReason.InvalidCidr,
            subject: `cluster ${c.name}`,
            message: `cluster ${c.name} has ${kind} CIDR "${cidr}", which is not a valid CIDR`,
          });
      }
    }
  }
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i] as Owned;
      const b = all[j] as Owned;
      // Service ranges are virtual and per cluster: two clusters may reuse one. Everything else must be disjoint.
      const isSharedServiceRange = a.kind === 'service' && b.kind === 'service' && a.cluster !== b.cluster;
      if (isSharedServiceRange || !overlaps(a.range, b.range)) continue;
      findings.push({
        severity: Severity.Error,
        reason: FindingReason.CidrOverlap,
        subject: a.cluster === b.cluster ? `cluster ${a.cluster}` : `clusters ${a.cluster}, ${b.cluster}`,
        message: `${a.kind} CIDR ${a.cidr} of cluster ${a.cluster} overlaps ${b.kind} CIDR ${b.cidr} of cluster ${b.cluster}; give each a disjoint range`,
      });
    }
  }
  return findings;
}
