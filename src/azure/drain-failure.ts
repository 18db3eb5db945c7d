// Reads what AKS says when a drain stops an operation: the pod whose eviction was refused and the
// PodDisruptionBudget that refused it, out of the `UpgradeFailed` / `PodDrainFailure` message. The
// message is prose, so every field is optional and nothing else depends on its wording.
import { isOperationFailedError } from './arm-error-classes.js';

/** Codes AKS ends an operation with when a node could not be drained. */
export const DRAIN_FAILURE_CODES: ReadonlySet<string> = new Set(['PodDrainFailure', 'UpgradeFailed']);

export interface DrainFailure {
  /** The node whose drain stopped. */
  node?: string;
  /** Namespace of the pod, from AKS's "PDB debug info". */
  namespace?: string;
  /** The pod whose eviction was refused. */
  pod?: string;
  /** The PodDisruptionBudget that refused it. */
  pdb?: string;
  /** AKS's message, verbatim. */
  message: string;
}

/** The drain failure an operation error reports, when a PodDisruptionBudget blocked it; else undefined. */
export function pdbDrainFailureOf(err: unknown): DrainFailure | undefined {
  if (!isOperationFailedError(err) || !DRAIN_FAILURE_CODES.has(err.reason)) return undefined;
  return parsePdbDrainFailure(err.message);
}

/**
 * Parses `Drain node <node> failed when evicting pod <pod> failed with Too Many Requests error. … PDB
 * debug info: <ns>/<pod> blocked by pdb <pdb> with …`. Undefined when the message names no PDB block.
 */
export function parsePdbDrainFailure(message: string): DrainFailure | undefined {
  const debug = /PDB debug info: ([^/\s]+)\/(\S+) blocked by pdb (\S+?)[.,]? with/.exec(message);
  const evicting = /Drain node (\S+) failed when evicting pod (\S+) failed with Too Many Requests/.exec(
    message,
  );
  if (!debug && !evicting && !/disruption budget/i.test(message)) return undefined;
  const failure: DrainFailure = { message };
  const node = evicting?.[1];
  const pod = debug?.[2] ?? evicting?.[2];
  if (node) failure.node = node;
  if (debug?.[1]) failure.namespace = debug[1];
  if (pod) failure.pod = pod;
  if (debug?.[3]) failure.pdb = debug[3];
  return failure;
}
