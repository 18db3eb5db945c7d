import { selectorMatches, selectorToQuery } from './label-selector.js';

describe('selectorMatches', () => {
  it.each([
    {
      name: 'S22: an empty selector {} selects every pod in the namespace (policy/v1)',
      selector: {},
      labels: { app: 'x' },
      want: true,
    },
    { name: 'a missing selector selects nothing', selector: undefined, labels: { app: 'x' }, want: false },
    {
      name: 'matchLabels must all match',
      selector: { matchLabels: { app: 'api', tier: 'web' } },
      labels: { app: 'api' },
      want: false,
    },
    {
      name: 'In matches a listed value',
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] },
      labels: { app: 'web' },
      want: true,
    },
    {
      name: 'NotIn matches a pod without the key',
      selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['api'] }] },
      labels: {},
      want: true,
    },
    {
      name: 'Exists needs the key',
      selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      labels: {},
      want: false,
    },
    {
      name: 'DoesNotExist refuses the key',
      selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      labels: { app: 'a' },
      want: false,
    },
  ])('$name', ({ selector, labels, want }) => {
    expect(selectorMatches(selector, labels as Record<string, string>)).toBe(want);
  });

  it('renders the query syntax the API server accepts', () => {
    expect(
      selectorToQuery({
        matchLabels: { app: 'api' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=api,tier in (a,b),x,!y');
  });
});
