// ManagedCluster spec section for storage: the CSI drivers AKS installs (Azure Disk, Azure Files, Blob)
// and the CSI snapshot controller.
import { s } from './schema.js';

const driver = (what: string) =>
  s
    .object(
      { enabled: s.boolean({ description: `Run ${what}.` }) },
      { description: `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}.` },
    )
    .optional();

export const storageProfile = s.object(
  {
    diskCSIDriver: driver('the Azure Disk CSI driver (on by default in AKS)'),
    fileCSIDriver: driver('the Azure Files CSI driver (on by default in AKS)'),
    blobCSIDriver: driver('the Azure Blob storage CSI driver (off by default in AKS)'),
    snapshotController: driver('the CSI snapshot controller (on by default in AKS)'),
  },
  { description: "CSI drivers and snapshot controller AKS installs. Sections left out are Azure's." },
);
