import { createEmptyPipeline, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { ReconcileClock, runWithReconcileClock } from '../runtime/index.js';
import { awaitedTimePolicy } from './awaited-time-policy.js';

describe('awaitedTimePolicy', () => {
  it("leaves an ARM call out of the reconcile's own time and counts the work around it", async () => {
    let t = 0;
    // A fake ARM that answers on a later turn of the event loop, 250 ms of manual time later.
    const arm: HttpClient = {
      sendRequest: (request) =>
        new Promise((resolve) =>
          setImmediate(() => {
            t += 250;
            resolve({ request, status: 200, headers: createHttpHeaders(), bodyAsText: '{}' });
          }),
        ),
    };
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(awaitedTimePolicy());
    const clock = new ReconcileClock(() => t);
    await runWithReconcileClock(clock, async () => {
      t += 4;
      const request = createPipelineRequest({ url: 'https://management.azure.com/x', method: 'GET' });
      await pipeline.sendRequest(arm, request);
      t += 6;
    });
    expect(clock.finish()).toEqual({ wallMs: 260, awaitedMs: 250, ownMs: 10 });
  });
});
