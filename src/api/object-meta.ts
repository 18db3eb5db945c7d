// Our objects carry Kubernetes' own ObjectMeta; re-exported so api users need one import.
export type { V1ObjectMeta as ObjectMeta } from '@kubernetes/client-node';
