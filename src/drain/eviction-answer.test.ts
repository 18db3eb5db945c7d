import { classifyEvictionAnswer } from './eviction-answer.js';
import type { RawAnswer } from './eviction-answer.js';

const status = (code: number, message: string, causes: { reason: string; message: string }[] = []): string =>
  JSON.stringify({ kind: 'Status', status: 'Failure', message, code, details: { causes } });

const PDB_MSG = "Cannot evict pod as it would violate the pod's disruption budget.";

interface Case {
  name: string;
  raw: RawAnswer;
  outcome: string;
  reason?: string;
  retryAfterMs?: number;
  pdbName?: string;
  numbers?: [number, number];
}

const cases: Case[] = [
  { name: 'S7: 201 Success is an accepted eviction', raw: { code: 201, body: '{}' }, outcome: 'evicted' },
  {
    name: 'S7/S17: 429 with a DisruptionBudget cause is a PDB block with the budget numbers',
    raw: {
      code: 429,
      body: status(429, PDB_MSG, [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget api-pdb needs 2 healthy pods and has 2 currently',
        },
      ]),
      headers: { 'retry-after': '0' },
    },
    outcome: 'refused',
    reason: 'PDBBlocked',
    pdbName: 'api-pdb',
    numbers: [2, 2],
  },
  {
    name: 'S8: 500 "more than one PodDisruptionBudget" is MultiplePDBs',
    raw: {
      code: 500,
      body: status(
        500,
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      ),
    },
    outcome: 'refused',
    reason: 'MultiplePDBs',
  },
  {
    name: 'S9: 429 "still being processed" waits at least 10 s and is not a PDB block',
    raw: {
      code: 429,
      body: status(429, PDB_MSG, [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget api-pdb is still being processed by the server.',
        },
      ]),
      headers: { 'Retry-After': '10' },
    },
    outcome: 'refused',
    reason: 'PDBProcessing',
    retryAfterMs: 10_000,
    pdbName: 'api-pdb',
  },
  {
    name: 'S9: "still being processed" without Retry-After still waits 10 s',
    raw: {
      code: 429,
      body: status(429, PDB_MSG, [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget x is still being processed by the server.',
        },
      ]),
    },
    outcome: 'refused',
    reason: 'PDBProcessing',
    retryAfterMs: 10_000,
  },
  {
    name: 'S10: 429 without a DisruptionBudget cause is throttling, honouring Retry-After',
    raw: {
      code: 429,
      body: status(429, 'Too many requests, please try again later.'),
      headers: { 'Retry-After': '3' },
    },
    outcome: 'refused',
    reason: 'Throttled',
    retryAfterMs: 3000,
  },
  {
    name: 'S11: 409 (UID precondition) is a conflict to resolve by re-reading',
    raw: {
      code: 409,
      body: status(409, 'Precondition failed: UID in precondition: a, UID in object meta: b'),
    },
    outcome: 'conflict',
  },
  {
    name: 'S12: 404 means the pod is already gone',
    raw: { code: 404, body: status(404, 'pods "x" not found') },
    outcome: 'gone',
  },
  {
    name: 'S13: 403 from RBAC is EvictionForbidden',
    raw: {
      code: 403,
      body: status(403, 'pods "x" is forbidden: User "op" cannot create resource "pods/eviction"'),
    },
    outcome: 'refused',
    reason: 'EvictionForbidden',
  },
  {
    name: 'S13: 401 is EvictionForbidden',
    raw: { code: 401, body: 'Unauthorized' },
    outcome: 'refused',
    reason: 'EvictionForbidden',
  },
  {
    name: 'S14: 403 with a NamespaceTerminating cause waits for the namespace controller',
    raw: {
      code: 403,
      body: status(
        403,
        'pods "x" is forbidden: unable to create new content in namespace shop because it is being terminated',
        [{ reason: 'NamespaceTerminating', message: 'namespace shop is being terminated' }],
      ),
    },
    outcome: 'refused',
    reason: 'NamespaceTerminating',
  },
  {
    name: 'E9: 403 "disruptions allowed is negative" is a PDB rejection, not RBAC',
    raw: {
      code: 403,
      body: status(403, 'poddisruptionbudget.policy "p" is forbidden: pdb disruptions allowed is negative'),
    },
    outcome: 'refused',
    reason: 'PDBRejected',
  },
  {
    name: 'S34: 503 is a server error, never success',
    raw: { code: 503, body: status(503, 'service unavailable') },
    outcome: 'refused',
    reason: 'ServerError',
  },
  {
    name: 'S34: a transport failure is a server error',
    raw: { code: undefined, error: 'connect ECONNREFUSED 127.0.0.1:6443' },
    outcome: 'refused',
    reason: 'ServerError',
  },
  {
    name: 'S34: 504 conflict timeout on the PDB is retried as a server error',
    raw: { code: 504, body: status(504, 'couldn\'t update PodDisruptionBudget "p" due to conflicts') },
    outcome: 'refused',
    reason: 'ServerError',
  },
];

describe('classifyEvictionAnswer', () => {
  it.each(cases)('$name', ({ raw, outcome, reason, retryAfterMs, pdbName, numbers }) => {
    const answer = classifyEvictionAnswer(raw);
    expect(answer.outcome).toBe(outcome);
    if (answer.outcome !== 'refused') return;
    if (reason) expect(answer.refusal.reason).toBe(reason);
    if (retryAfterMs !== undefined) expect(answer.refusal.retryAfterMs).toBe(retryAfterMs);
    if (pdbName) expect(answer.refusal.pdbName).toBe(pdbName);
    if (numbers) expect([answer.refusal.desiredHealthy, answer.refusal.currentHealthy]).toEqual(numbers);
    expect(answer.refusal.message.length).toBeGreaterThan(0);
  });

  it('keeps the cause text in the message so the report can quote the server', () => {
    const answer = classifyEvictionAnswer({
      code: 429,
      body: status(429, PDB_MSG, [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web needs 3 healthy pods and has 2 currently',
        },
      ]),
    });
    expect(answer).toMatchObject({
      refusal: { message: `${PDB_MSG} The disruption budget web needs 3 healthy pods and has 2 currently` },
    });
  });

  it('reads a Status body that arrives already parsed', () => {
    const answer = classifyEvictionAnswer({
      code: 500,
      body: {
        message:
          'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      },
    });
    expect(answer).toMatchObject({ refusal: { reason: 'MultiplePDBs' } });
  });
});
