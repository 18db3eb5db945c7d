import { kubeMicroTime, kubeTime, parseKubeTime } from './kube-time.js';

describe('Kubernetes time formats', () => {
  const t = Date.UTC(2025, 5, 1, 12, 30, 45, 123);
  it('metav1.Time has whole seconds, MicroTime six digits', () => {
    expect(kubeTime(t)).toBe('2025-06-01T12:30:45Z');
    expect(kubeMicroTime(t)).toBe('2025-06-01T12:30:45.123000Z');
  });
  it('parses both, and Dates', () => {
    expect(parseKubeTime('2025-06-01T12:30:45.123000Z')).toBe(t);
    expect(parseKubeTime(new Date(t))).toBe(t);
    expect(parseKubeTime('nonsense')).toBeUndefined();
    expect(parseKubeTime(undefined)).toBeUndefined();
  });
});
