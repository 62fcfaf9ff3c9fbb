// Which existing Compass components an entity would adopt instead of getting a new one (pure): a component
// without a `backstage` alias with the same repository link (adopted without asking), else with the same name,
// case-insensitive (asked). A component goes to at most one entity; a tie is never settled by guessing.
import { BACKSTAGE_ALIAS_SOURCE, type CompassLinkDraft } from '../compass-component-draft';
import { normaliseLinkUrl } from '../component-changes';
import type { CompassComponentSummary } from '../ports';

export type AdoptionMatchKind = 'repository' | 'name';

/** A component the app could adopt, as compact as the run keeps it. */
export interface AdoptableComponent {
  id: string;
  name: string;
  /** Its repository links, normalised. */
  repositories: string[];
}

/** What the matcher needs of an entity: its draft's name and links. */
export interface AdoptingEntity {
  entityRef: string;
  name: string;
  links: CompassLinkDraft[];
}

export interface AdoptionMatch {
  entityRef: string;
  match: AdoptionMatchKind;
  /** One for a repository match; one or more (same name) for a name match, for the admin to choose. */
  components: AdoptableComponent[];
}

function repositoriesOf(links: readonly CompassLinkDraft[]): string[] {
  return [
    ...new Set(links.filter((link) => link.type === 'REPOSITORY').map((link) => normaliseLinkUrl(link.url))),
  ];
}

/** The components no entity has claimed (no `backstage` alias), compact. */
export function adoptableComponents(listing: readonly CompassComponentSummary[]): AdoptableComponent[] {
  return listing
    .filter((component) => !component.externalSources.includes(BACKSTAGE_ALIAS_SOURCE))
    .map((component) => ({
      id: component.id,
      name: component.name,
      repositories: repositoriesOf(component.links),
    }));
}

const nameKey = (name: string) => name.trim().toLowerCase();

function groupBy<T>(items: T[], keysOf: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items)
    for (const key of keysOf(item)) {
      const group = groups.get(key) ?? [];
      if (!group.includes(item)) group.push(item);
      groups.set(key, group);
    }
  return groups;
}

/** Narrows a tie to the ones whose name is the same as `name`; answers the one left, or nothing. */
function oneOf<T>(candidates: T[], nameOf: (item: T) => string, name: string): T | undefined {
  if (candidates.length === 1) return candidates[0];
  const named = candidates.filter((candidate) => nameKey(nameOf(candidate)) === nameKey(name));
  return named.length === 1 ? named[0] : undefined;
}

/** The matches of the entities, in their order; entities without one are left out. */
export function matchForAdoption(
  entities: readonly AdoptingEntity[],
  components: readonly AdoptableComponent[],
): AdoptionMatch[] {
  const byRepository = groupBy([...components], (component) => component.repositories);
  const byName = groupBy([...components], (component) => [nameKey(component.name)]);

  // Repository: the one component sharing a repository (a tie narrowed by name), claimed by one entity only.
  const claims = new Map<string, AdoptingEntity[]>();
  const proposed = new Map<string, AdoptableComponent>();
  for (const entity of entities) {
    const sharing = [...new Set(repositoriesOf(entity.links).flatMap((url) => byRepository.get(url) ?? []))];
    const component = oneOf(sharing, (c) => c.name, entity.name);
    if (!component) continue;
    proposed.set(entity.entityRef, component);
    claims.set(component.id, [...(claims.get(component.id) ?? []), entity]);
  }
  const byRepositoryMatch = new Map<string, AdoptableComponent>();
  for (const [componentId, claimants] of claims) {
    const component = proposed.get(claimants[0]!.entityRef)!;
    // Several entities of one repository (a monorepo): only the one with the component's name may take it.
    const winner = oneOf(claimants, (entity) => entity.name, component.name);
    if (winner)
      byRepositoryMatch.set(
        winner.entityRef,
        components.find((c) => c.id === componentId)!,
      );
  }
  const taken = new Set([...byRepositoryMatch.values()].map((component) => component.id));

  return entities.flatMap((entity): AdoptionMatch[] => {
    const repository = byRepositoryMatch.get(entity.entityRef);
    if (repository) return [{ entityRef: entity.entityRef, match: 'repository', components: [repository] }];
    const named = (byName.get(nameKey(entity.name)) ?? []).filter((component) => !taken.has(component.id));
    return named.length > 0 ? [{ entityRef: entity.entityRef, match: 'name', components: named }] : [];
  });
}
