// In-memory EventRecorder for unit tests: keeps what was recorded, in order.
import type { EventInput, EventRecorder } from '../events.js';
import { objectKey, type KubeObject, type ObjectKey } from '../reconciler.js';

export interface RecordedEvent extends EventInput {
  object: ObjectKey;
}

export class FakeEventRecorder implements EventRecorder {
  readonly events: RecordedEvent[] = [];

  async event(obj: KubeObject, input: EventInput): Promise<void> {
    this.events.push({ ...input, object: objectKey(obj) });
  }

  /** Reasons recorded, in order. */
  reasons(): string[] {
    return this.events.map((e) => e.reason);
  }

  clear(): void {
    this.events.length = 0;
  }
}
