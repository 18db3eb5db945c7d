// Collects what one reconcile learned into a draft of the object's status (fields and conditions) and
// writes it once at the end, only if something other than a timestamp changed: steady state writes nothing.
import {
  initConditions,
  setCondition,
  setProgress,
  type Condition,
  type ConditionUpdate,
  type KubeObject,
  type Progress,
  type StatusWriter,
} from '../../runtime/index.js';

export interface ReportedStatus {
  conditions?: Condition[];
  observedGeneration?: number;
}

export interface StatusReportOptions {
  writer: StatusWriter;
  now: () => number;
  /** Condition types set to Unknown on the first visit. */
  conditionTypes: readonly string[];
  /** Told about every write, with the object as it was before (see WriteExpectations). */
  onWrite?: (obj: KubeObject) => void;
}

export class StatusReport<S extends ReportedStatus> {
  /** The status being built; starts as a copy of what the object has. */
  readonly draft: S;
  private readonly generation: number | undefined;
  private isDiscarded = false;

  constructor(
    private readonly obj: KubeObject & { status?: S },
    private readonly options: StatusReportOptions,
  ) {
    this.draft = structuredClone(obj.status ?? ({} as S));
    this.generation = obj.metadata?.generation;
  }

  /** Sets Ready, Reconciling and Stalled for what the reconcile concluded. */
  progress(progress: Progress): void {
    this.draft.conditions = setProgress(this.draft.conditions, progress, this.stamp());
  }

  /** Sets one kind-specific condition. */
  condition(update: ConditionUpdate): void {
    this.draft.conditions = setCondition(this.draft.conditions, update, this.stamp());
  }

  /** Removes a kind-specific condition that no longer applies (its setting was removed from the spec). */
  withoutCondition(type: string): void {
    this.draft.conditions = this.draft.conditions?.filter((c) => c.type !== type);
  }

  /** Drops the draft: this pass wrote the object's metadata, so the status it read is stale. */
  discard(): void {
    this.isDiscarded = true;
  }

  /** Writes the draft if it differs from what the object has. Returns whether it wrote. */
  async flush(signal?: AbortSignal): Promise<boolean> {
    if (this.isDiscarded) return false;
    this.draft.conditions = initConditions(this.draft.conditions, this.options.conditionTypes, this.stamp());
    if (this.generation !== undefined) this.draft.observedGeneration = this.generation;
    this.draft.conditions = this.draft.conditions.map((c) =>
      this.generation === undefined ? c : { ...c, observedGeneration: this.generation },
    );
    const wrote = await this.options.writer.write(this.obj, this.draft, signal);
    if (wrote) this.options.onWrite?.(this.obj);
    return wrote;
  }

  private stamp(): { observedGeneration: number | undefined; now: number } {
    return { observedGeneration: this.generation, now: this.options.now() };
  }
}
