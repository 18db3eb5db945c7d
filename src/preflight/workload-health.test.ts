import { checkWorkloadHealth } from './workload-health.js';

const meta = (name: string) => ({ name, namespace: 'shop' });

describe('checkWorkloadHealth', () => {
  it.each([
    {
      name: 'a Deployment below its desired ready replicas is a warning',
      input: {
        deployments: [
          {
            metadata: meta('api'),
            spec: { replicas: 3, selector: {}, template: {} },
            status: { readyReplicas: 2, availableReplicas: 2 },
          },
        ],
      },
      text: /Deployment shop\/api has 2\/3 ready replicas/,
    },
    {
      name: 'a Deployment that stopped progressing is a warning',
      input: {
        deployments: [
          {
            metadata: meta('api'),
            spec: { replicas: 1, selector: {}, template: {} },
            status: {
              readyReplicas: 1,
              availableReplicas: 1,
              conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
            },
          },
        ],
      },
      text: /not progressing \(ProgressDeadlineExceeded\)/,
    },
    {
      name: 'a StatefulSet below its replicas is a warning',
      input: {
        statefulSets: [
          {
            metadata: meta('db'),
            spec: { replicas: 3, selector: {}, serviceName: 'db', template: {} },
            status: { replicas: 3, readyReplicas: 1 },
          },
        ],
      },
      text: /StatefulSet shop\/db has 1\/3/,
    },
    {
      name: 'a DaemonSet with unavailable pods is a warning',
      input: {
        daemonSets: [
          {
            metadata: meta('agent'),
            status: {
              numberUnavailable: 2,
              desiredNumberScheduled: 5,
              currentNumberScheduled: 5,
              numberMisscheduled: 0,
              numberReady: 3,
            },
          },
        ],
      },
      text: /2 unavailable pods of 5/,
    },
  ])('$name', ({ input, text }) => {
    expect(checkWorkloadHealth(input as never)).toEqual([
      expect.objectContaining({
        reason: 'UnhealthyWorkload',
        severity: 'Warning',
        message: expect.stringMatching(text),
      }),
    ]);
  });

  it('healthy workloads find nothing', () => {
    expect(
      checkWorkloadHealth({
        deployments: [
          {
            metadata: meta('api'),
            spec: { replicas: 2, selector: {}, template: {} },
            status: { readyReplicas: 2, availableReplicas: 2 },
          },
        ],
      }),
    ).toEqual([]);
  });
});
