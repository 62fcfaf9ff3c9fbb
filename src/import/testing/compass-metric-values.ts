// What the local Compass holds of the app's metrics, as a person would read it: each component's latest value per
// metric definition name, by the component's Backstage alias.
import type { LocalCompass } from '../../../sandbox/local-compass';

export function metricValuesInCompass(compass: LocalCompass): Map<string, Map<string, number>> {
  const nameOf = new Map(compass.metricDefinitions().map((d) => [d.id, d.name]));
  const byRef = new Map<string, Map<string, number>>();
  for (const component of compass.components()) {
    const ref = component.externalAliases.find((a) => a.externalSource === 'backstage')?.externalId;
    if (!ref) continue;
    const values = new Map<string, number>();
    for (const source of component.metricSources)
      if (source.values.length > 0) values.set(nameOf.get(source.metricDefinitionId)!, source.values.at(-1)!);
    byRef.set(ref, values);
  }
  return byRef;
}
