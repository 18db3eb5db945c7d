// Fault knobs without a server: which requests a chosen ARM error answers, how often, and for how long.
import { Faults, resourceLock } from './faults.js';

const CLUSTER =
  '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1';
const request = (method: string, path = CLUSTER) => ({
  operation: 'managedClusters.createOrUpdate',
  method,
  path,
});

describe('request errors', () => {
  it('a lock window answers writes ScopeLocked until forMs has passed, then lets them through', () => {
    let now = 1_000;
    const faults = new Faults(Math.random, () => now);
    faults.configure({
      requestErrors: [resourceLock('/subscriptions/s1/resourceGroups/RG1', { forMs: 5_000 })],
    });
    // ARM IDs compare case-insensitively.
    expect(faults.takeRequestError(request('PUT'))).toMatchObject({ status: 409, code: 'ScopeLocked' });
    expect(faults.takeRequestError(request('POST'))?.code).toBe('ScopeLocked');
    expect(faults.takeRequestError(request('GET'))).toBeUndefined();
    now = 5_999;
    expect(faults.takeRequestError(request('DELETE'))?.code).toBe('ScopeLocked');
    now = 6_000;
    expect(faults.takeRequestError(request('PUT'))).toBeUndefined();
  });

  it('a CanNotDelete lock refuses deletes only', () => {
    const faults = new Faults();
    faults.configure({ requestErrors: [resourceLock('/subscriptions/s1', { level: 'CanNotDelete' })] });
    expect(faults.takeRequestError(request('PUT'))).toBeUndefined();
    expect(faults.takeRequestError(request('DELETE'))?.message).toBe(
      `The scope '${CLUSTER}' cannot perform delete operation because following scope(s) are locked: '/subscriptions/s1'. Please remove the lock and try again.`,
    );
  });

  it('answers as many requests as `times` says, only for matching operations', () => {
    const faults = new Faults();
    faults.configure({
      requestErrors: [
        {
          status: 403,
          code: 'RequestDisallowedByPolicy',
          message: 'denied',
          match: 'createOrUpdate$',
          times: 2,
        },
      ],
    });
    expect(
      faults.takeRequestError({ operation: 'managedClusters.get', method: 'GET', path: CLUSTER }),
    ).toBeUndefined();
    const answers = [1, 2, 3].map(() => faults.takeRequestError(request('PUT'))?.code);
    expect(answers).toEqual(['RequestDisallowedByPolicy', 'RequestDisallowedByPolicy', undefined]);
  });
});
