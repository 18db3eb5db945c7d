// Keeps docs/troubleshooting.md complete: every condition reason of the API has a `### ` heading in the
// section of the kind that sets it (reasons every kind shares under "Every kind"), and every
// kind-specific condition type is named in its kind's section.
import { readFileSync } from 'node:fs';
import {
  ConditionType,
  ManagedClusterConditionType,
  ManagedClusterReason,
  NodePoolConditionType,
  NodePoolReason,
  NodePoolSnapshotConditionType,
  NodePoolSnapshotReason,
  Reason,
  UpgradePlanConditionType,
  UpgradePlanReason,
} from './index.js';

const DOC_PATH = new URL('../../docs/troubleshooting.md', import.meta.url);
const SHARED_SECTION = 'Every kind';

interface KindReasons {
  section: string;
  reasons: Record<string, string>;
  conditionTypes: Record<string, string>;
}

const KINDS: KindReasons[] = [
  {
    section: 'ManagedCluster',
    reasons: ManagedClusterReason,
    conditionTypes: ManagedClusterConditionType,
  },
  { section: 'NodePool', reasons: NodePoolReason, conditionTypes: NodePoolConditionType },
  {
    section: 'NodePoolSnapshot',
    reasons: NodePoolSnapshotReason,
    conditionTypes: NodePoolSnapshotConditionType,
  },
  { section: 'UpgradePlan', reasons: UpgradePlanReason, conditionTypes: UpgradePlanConditionType },
];

/** The text under each `## ` heading, by heading. */
function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  let isFenced = false;
  const close = (): void => {
    if (current !== undefined) sections.set(current, body.join('\n'));
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) isFenced = !isFenced;
    const heading = isFenced ? undefined : /^## (.+?)\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      close();
      current = heading;
      body = [];
    } else body.push(line);
  }
  close();
  return sections;
}

/** Every `Name` written in backticks in a `### ` heading of `section`. */
function headedNames(section: string): Set<string> {
  const names = new Set<string>();
  let isFenced = false;
  for (const line of section.split('\n')) {
    if (line.startsWith('```')) isFenced = !isFenced;
    if (isFenced || !line.startsWith('### ')) continue;
    for (const m of line.matchAll(/`([A-Za-z0-9]+)`/g)) if (m[1]) names.add(m[1]);
  }
  return names;
}

/** `Kind: reason` for each reason of the kinds with no heading where it belongs. */
function missingReasons(markdown: string): string[] {
  const sections = sectionsOf(markdown);
  const shared = new Set<string>(Object.values(Reason));
  const sharedHeadings = headedNames(sections.get(SHARED_SECTION) ?? '');
  const missing: string[] = [];
  for (const reason of shared) {
    if (!sharedHeadings.has(reason)) missing.push(`${SHARED_SECTION}: ${reason}`);
  }
  for (const kind of KINDS) {
    const headings = headedNames(sections.get(kind.section) ?? '');
    for (const reason of Object.values(kind.reasons)) {
      if (!shared.has(reason) && !headings.has(reason)) missing.push(`${kind.section}: ${reason}`);
    }
  }
  return missing;
}

/** `Kind: type` for each kind-specific condition type its section does not name. */
function missingConditionTypes(markdown: string): string[] {
  const sections = sectionsOf(markdown);
  const common = new Set<string>(Object.values(ConditionType));
  const missing: string[] = [];
  for (const kind of KINDS) {
    const text = sections.get(kind.section) ?? '';
    for (const type of Object.values(kind.conditionTypes)) {
      if (!common.has(type) && !text.includes(`\`${type}\``)) missing.push(`${kind.section}: ${type}`);
    }
  }
  return missing;
}

describe('docs/troubleshooting.md', () => {
  const doc = readFileSync(DOC_PATH, 'utf8');

  it('has a section for the shared reasons and one per kind', () => {
    const headings = [...sectionsOf(doc).keys()];
    expect(headings).toEqual(expect.arrayContaining([SHARED_SECTION, ...KINDS.map((k) => k.section)]));
  });

  it('has a heading for every condition reason of the API, in the section of its kind', () => {
    expect(missingReasons(doc)).toEqual([]);
  });

  it('names every kind-specific condition type in its kind section', () => {
    expect(missingConditionTypes(doc)).toEqual([]);
  });

  it('reports a reason whose heading is gone, and a reason headed only under another kind', () => {
    const withoutQuota = doc.replace(/^### `QuotaExceeded`$/m, '### Quota');
    expect(missingReasons(withoutQuota)).toEqual([`${SHARED_SECTION}: QuotaExceeded`]);
    const sections = sectionsOf(doc);
    const nodePool = sections.get('NodePool') ?? '';
    const withoutPoolSection = doc.replace(nodePool, '\n');
    expect(missingReasons(withoutPoolSection)).toEqual(
      expect.arrayContaining(['NodePool: LastSystemPool', 'NodePool: PoolStopped']),
    );
  });

  it('ignores headings inside code blocks and reasons mentioned only in prose', () => {
    const fenced = '## Every kind\n\n```md\n### `UpToDate`\n```\n\nThe reason `Pending` shows first.\n';
    expect(headedNames(sectionsOf(fenced).get(SHARED_SECTION) ?? '')).toEqual(new Set());
  });
});
