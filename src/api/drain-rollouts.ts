// Whether a blue/green drain may roll a Deployment instead of evicting its pod when its PDB allows no
// disruption only because the workload is at its minimum (NodePool spec.blueGreen.rollouts, UpgradePlan
// spec.drain.rollouts). The workload owner opts in too, with DRAIN_ROLLOUT_ANNOTATION on the Deployment.
export const DrainRollouts = {
  /** Roll (as `kubectl rollout restart`) an opted-in Deployment whose surge can replace the pod first. */
  Allowed: 'Allowed',
  /** Only evict: a budget at zero blocks the drain until someone acts (the default). */
  Never: 'Never',
} as const;
export type DrainRollouts = (typeof DrainRollouts)[keyof typeof DrainRollouts];

/** Set by the workload owner on a Deployment, value `allowed`: a drain that allows rollouts may roll it. */
export const DRAIN_ROLLOUT_ANNOTATION = 'aks.lifecycle.dev/drain-rollout';
/** The one value of DRAIN_ROLLOUT_ANNOTATION that opts a Deployment in. */
export const DRAIN_ROLLOUT_ALLOWED = 'allowed';
