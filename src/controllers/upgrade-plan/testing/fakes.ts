// Small fakes of the UpgradePlan reconciler's narrow interfaces: an annotator that applies patches to
// fake stores (and counts them), a pre-flight with canned outcomes, and a fixed list of offered versions.
import type { ManagedCluster, NodePool, PreflightFinding } from '../../../api/index.js';
import type { FakeObjectStore } from '../../testing/fake-object-store.js';
import type { AnnotationRemoval, ObjectAnnotator } from '../annotator.js';
import type { OfferedVersions } from '../offered-versions.js';
import type { PreflightOutcome, PreflightRequest, PreflightRunner } from '../preflight-run.js';
import type { AnnotationRequest } from '../step-annotations.js';

export class FakeAnnotator implements ObjectAnnotator {
  readonly requests: AnnotationRequest[] = [];
  readonly removals: AnnotationRemoval[] = [];

  constructor(
    private readonly clusters: FakeObjectStore<ManagedCluster>,
    private readonly pools: FakeObjectStore<NodePool>,
  ) {}

  async annotate(namespace: string, request: AnnotationRequest): Promise<void> {
    this.requests.push(request);
    const store = (request.kind === 'ManagedCluster' ? this.clusters : this.pools) as FakeObjectStore<
      ManagedCluster | NodePool
    >;
    const obj = store.get({ namespace, name: request.name });
    if (!obj) throw Object.assign(new Error('not found'), { code: 404 });
    store.put({
      ...obj,
      metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, ...request.annotations } },
    });
  }

  async remove(namespace: string, removal: AnnotationRemoval): Promise<void> {
    this.removals.push(removal);
    const store = (removal.kind === 'ManagedCluster' ? this.clusters : this.pools) as FakeObjectStore<
      ManagedCluster | NodePool
    >;
    const obj = store.get({ namespace, name: removal.name });
    if (!obj) throw Object.assign(new Error('not found'), { code: 404 });
    const annotations = Object.fromEntries(
      Object.entries(obj.metadata.annotations ?? {}).filter(([k]) => !removal.keys.includes(k)),
    );
    store.put({ ...obj, metadata: { ...obj.metadata, annotations } });
  }
}

export class FakePreflight implements PreflightRunner {
  readonly runs: PreflightRequest[] = [];
  /** Findings per cluster name; a cluster not listed passes with no check run. */
  readonly findings = new Map<string, PreflightFinding[]>();
  readonly waiting = new Map<string, string>();

  async run(request: PreflightRequest): Promise<PreflightOutcome> {
    this.runs.push(request);
    const name = request.cluster.metadata.name ?? '';
    const wait = this.waiting.get(name);
    return { findings: this.findings.get(name) ?? [], ...(wait ? { waitMessage: wait } : {}) };
  }
}

export class FixedVersions implements OfferedVersions {
  reads = 0;

  constructor(private readonly versions: string[]) {}

  async regionVersions(): Promise<string[]> {
    this.reads++;
    return this.versions;
  }
}
