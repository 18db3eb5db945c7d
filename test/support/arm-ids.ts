// ARM resource IDs in a test's resource group: the prefix every resource ID a spec names starts with.
import { SUBSCRIPTION } from './operator.js';

/** `/subscriptions/<test subscription>/resourceGroups/<rg>/providers`, followed by `/<namespace>/<type>/<name>`. */
export const providers = (rg: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers`;
