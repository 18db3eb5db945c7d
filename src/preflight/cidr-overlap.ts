// Fleet check: the routable ranges of clusters that must route to each other may not overlap (the VNet
// subnets their nodes and pods take, and pod CIDRs given), and a cluster's own pod, service and subnet
// ranges may not overlap either. Two clusters in one subnet share it; that is no overlap. IPv4 and IPv6.

import { isIP } from 'node:net';
import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

export interface ClusterNetworks {
  name: string;
  /** Pod CIDRs routable beyond the cluster; leave out those hidden behind NAT (overlay, kubenet). */
  podCidrs: string[];
  serviceCidrs: string[];
  /** VNet subnets the cluster's nodes (and pods, with Azure CNI) take addresses from. */
  subnets?: { id: string; addressPrefixes: string[] }[];
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
  kind: 'pod' | 'service' | 'subnet';
  cidr: string;
  range: Range;
  /** The subnet's ID, for kind subnet. */
  subnet?: string;
}

const describeRange = (o: Owned): string =>
  o.kind === 'subnet' ? `subnet ${o.subnet ?? ''} (${o.cidr})` : `${o.kind} CIDR ${o.cidr}`;

/** Pairs that may share addresses: service ranges of two clusters (virtual), one subnet, subnets of one cluster (one VNet). */
function mayShare(a: Owned, b: Owned): boolean {
  if (a.kind === 'service' && b.kind === 'service' && a.cluster !== b.cluster) return true;
  if (a.kind !== 'subnet' || b.kind !== 'subnet') return false;
  return a.cluster === b.cluster || a.subnet?.toLowerCase() === b.subnet?.toLowerCase();
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
  for (const subnet of clusters.flatMap((c) => (c.subnets ?? []).map((n) => ({ cluster: c.name, ...n })))) {
    for (const cidr of subnet.addressPrefixes) {
      const range = parseCidr(cidr);
      if (range) all.push({ cluster: subnet.cluster, kind: 'subnet', cidr, range, subnet: subnet.id });
    }
  }
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i] as Owned;
      const b = all[j] as Owned;
      if (mayShare(a, b) || !overlaps(a.range, b.range)) continue;
      findings.push({
        severity: Severity.Error,
        reason: FindingReason.CidrOverlap,
        subject: a.cluster === b.cluster ? `cluster ${a.cluster}` : `clusters ${a.cluster}, ${b.cluster}`,
        message: `${describeRange(a)} of cluster ${a.cluster} overlaps ${describeRange(b)} of cluster ${b.cluster}; ${a.cluster === b.cluster ? 'give each a disjoint range' : 'clusters that route to each other need disjoint ranges (VNets with overlapping ranges cannot be peered): move one to another range'}`,
      });
    }
  }
  return findings;
}
