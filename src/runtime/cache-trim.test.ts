import { trimForCache } from './cache-trim.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

describe('trimForCache', () => {
  it('drops managedFields written by updates and keeps what an apply declared of the spec', () => {
    const obj = trimForCache({
      metadata: {
        name: 'a',
        managedFields: [
          { manager: 'kubectl-create', operation: 'Update', fieldsV1: { 'f:spec': { 'f:size': {} } } },
          { manager: 'operator', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': {} } },
          {
            manager: 'flux',
            operation: 'Apply',
            apiVersion: 'v1',
            time: '2026-01-01T00:00:00Z',
            fieldsV1: { 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:size': {} } },
          },
          { manager: 'labeller', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': {} } } },
        ],
      },
      spec: { size: 1 },
    });
    expect(obj).toEqual({
      metadata: {
        name: 'a',
        managedFields: [{ manager: 'flux', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:size': {} } } }],
      },
      spec: { size: 1 },
    });
  });

  it('removes managedFields altogether when no apply declared any spec field', () => {
    const obj = trimForCache({
      metadata: { name: 'a', managedFields: [{ manager: 'm', operation: 'Update', fieldsV1: {} }] },
    });
    expect(obj.metadata).toEqual({ name: 'a' });
  });

  it("keeps only the spec of kubectl's last-applied-configuration, and the other annotations whole", () => {
    const applied = {
      apiVersion: 'v1',
      kind: 'Widget',
      metadata: { name: 'a', labels: { team: 'x' } },
      spec: { size: 2 },
    };
    const obj = trimForCache({
      metadata: { annotations: { [LAST_APPLIED]: JSON.stringify(applied), other: 'kept' } },
    });
    expect(obj.metadata.annotations).toEqual({ [LAST_APPLIED]: '{"spec":{"size":2}}', other: 'kept' });
  });

  it('leaves a last-applied-configuration that is not a JSON object as it is', () => {
    const obj = trimForCache({ metadata: { annotations: { [LAST_APPLIED]: 'not json' } } });
    expect(obj.metadata.annotations[LAST_APPLIED]).toBe('not json');
  });
});
