// Zone balance of a scale set: new instances go to the zone with fewest nodes, scale-in removes from the
// zone with most (highest instance first). Non-zonal pools report fault domain "0" as their zone.
import { instanceOf } from './node-names.js';

export const NON_ZONAL = '0';

/** The `topology.kubernetes.io/zone` value: `<region>-<zone>` for zonal nodes, "0" otherwise. */
export function zoneLabel(location: string, zone: string): string {
  return zone === NON_ZONAL ? NON_ZONAL : `${location.toLowerCase()}-${zone}`;
}

/** The availability zone behind a zone label ("eastus-2" → "2"). */
export function zoneOfLabel(label: string | undefined): string {
  if (!label) return NON_ZONAL;
  const dash = label.lastIndexOf('-');
  return dash < 0 ? label : label.slice(dash + 1);
}

/** Zones for `count` new nodes, each added to the least populated zone (ties: the pool's zone order). */
export function pickZones(options: { zones: string[]; existing: string[]; count: number }): string[] {
  if (options.zones.length === 0) return Array.from({ length: options.count }, () => NON_ZONAL);
  const counts = new Map(options.zones.map((zone) => [zone, 0]));
  for (const zone of options.existing) {
    if (counts.has(zone)) counts.set(zone, (counts.get(zone) ?? 0) + 1);
  }
  const picked: string[] = [];
  for (let i = 0; i < options.count; i++) {
    let best = options.zones[0] as string;
    for (const zone of options.zones) {
      if ((counts.get(zone) ?? 0) < (counts.get(best) ?? 0)) best = zone;
    }
    counts.set(best, (counts.get(best) ?? 0) + 1);
    picked.push(best);
  }
  return picked;
}

export interface PlacedNode {
  name: string;
  zone: string;
}

/** The `count` nodes scale-in removes: from the fullest zone, the highest instance id first. */
export function pickScaleInVictims(nodes: PlacedNode[], count: number): string[] {
  const remaining = [...nodes];
  const victims: string[] = [];
  while (victims.length < count && remaining.length > 0) {
    const perZone = new Map<string, number>();
    for (const node of remaining) perZone.set(node.zone, (perZone.get(node.zone) ?? 0) + 1);
    const fullest = Math.max(...perZone.values());
    const candidates = remaining.filter((node) => perZone.get(node.zone) === fullest);
    candidates.sort((a, b) => (instanceOf(b.name) ?? -1) - (instanceOf(a.name) ?? -1));
    const victim = candidates[0] as PlacedNode;
    victims.push(victim.name);
    remaining.splice(remaining.indexOf(victim), 1);
  }
  return victims;
}
