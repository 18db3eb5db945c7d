// Errors AKS answers about a cluster's maintenance configurations: an unknown configuration name, a
// property outside AKS's rules (InvalidParameter, flat AKS body naming the property) and a missing one.
import { ArmError, ErrorShape } from './errors.js';

const flat = ErrorShape.Flat;
const DOCS = 'See https://aka.ms/aks/planned-maintenance for details.';

export const maintenanceErrors = {
  /** 400: AKS knows three configuration names only. */
  invalidName(name: string): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      `The maintenance configuration name ${name} is invalid. It must be one of default, aksManagedAutoUpgradeSchedule or aksManagedNodeOSUpgradeSchedule. ${DOCS}`,
      { shape: flat, target: 'configName' },
    );
  },

  /** 400: a property breaks one of AKS's rules; `message` says which and why. */
  invalidProperty(target: string, message: string): ArmError {
    return new ArmError(400, 'InvalidParameter', `${message} ${DOCS}`, { shape: flat, target });
  },

  /** 404: GET or DELETE of a configuration the cluster does not have. */
  notFound(name: string, cluster: string): ArmError {
    return new ArmError(
      404,
      'NotFound',
      `Maintenance configuration ${name} is not found in managed cluster ${cluster}.`,
      { shape: flat },
    );
  },
};
