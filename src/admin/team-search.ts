// The owner mapping's helpers: Atlassian teams by name (Compass/Teams GraphQL: tenantContexts for the
// organisation, then team.teamSearchV2), the catalog's owners with how many entities each owns, and teams
// suggested for each unmapped owner by name similarity.
import { TEAM_SEARCH_QUERY, TENANT_CONTEXT_QUERY } from '../compass/documents/team-documents';
import { CompassClient } from '../compass/compass-client';
import { CompassGatewayError } from '../compass/compass-errors';
import type { RequestGraph } from '../compass/request-graph';
import type { MappingRules } from '../core/mapping';
import type { KeyValueStore } from '../core/ports';
import { getMapping } from './mapping-settings';
import { readCatalogRows, type CatalogRow } from './catalog-rows';
import type { BackstageCatalog } from '../core/ports';

export interface TeamSummary {
  /** Used verbatim as the component's ownerId. */
  id: string;
  displayName: string;
  memberCount?: number;
}

export interface TeamSuggestion extends TeamSummary {
  /** 0..1, how alike the names are. */
  score: number;
}

export interface CatalogOwner {
  /** Lower-cased owner ref, the owner table's key. */
  ownerRef: string;
  /** The Group's title or display name, when the catalog has the Group. */
  title?: string;
  /** Entities of an imported kind whose spec.owner is this owner. */
  entityCount: number;
  teamId?: string;
  teamName?: string;
  suggestions: TeamSuggestion[];
}

export interface TeamSearchDeps {
  requestGraph: RequestGraph;
  cloudId: string;
}

const PAGE = 50;
/** Enough for suggestions on any plausible site; a bigger one still gets search by name. */
const MAX_TEAMS_FOR_SUGGESTIONS = 1000;

/** One team-search request through the CompassClient; an answer without data is unexpected. */
async function graph<T>(
  deps: TeamSearchDeps,
  operation: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const data = await new CompassClient(deps.requestGraph).query<T>(operation, query, variables);
  if (!data) throw new CompassGatewayError('unexpected', operation, 'Compass answered no data');
  return data;
}

async function organizationId(deps: TeamSearchDeps): Promise<string> {
  const data = await graph<{ tenantContexts: { cloudId: string; orgId: string }[] | null }>(
    deps,
    'tenantContexts',
    TENANT_CONTEXT_QUERY,
    { cloudIds: [deps.cloudId] },
  );
  const orgId = data.tenantContexts?.find((tenant) => tenant.cloudId === deps.cloudId)?.orgId;
  if (!orgId)
    throw new CompassGatewayError('not-found', 'tenantContexts', `No organisation for site ${deps.cloudId}`);
  return `ari:cloud:platform::org/${orgId}`;
}

interface TeamSearchPage {
  team: {
    teamSearchV2: {
      nodes: {
        team: { id: string; displayName: string; state: string } | null;
        memberCount?: number | null;
      }[];
      pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    };
  };
}

/** Active teams whose name matches `query` (all teams when empty), at most `limit`. */
export async function searchTeams(
  deps: TeamSearchDeps,
  request: { query?: string; limit?: number } = {},
): Promise<TeamSummary[]> {
  const limit = Math.min(Math.max(request.limit ?? 20, 1), MAX_TEAMS_FOR_SUGGESTIONS);
  const org = await organizationId(deps);
  const teams: TeamSummary[] = [];
  let after: string | undefined;
  do {
    const data = await graph<TeamSearchPage>(deps, 'teamSearchV2', TEAM_SEARCH_QUERY, {
      organizationId: org,
      siteId: deps.cloudId,
      filter: request.query?.trim() ? { query: request.query.trim() } : {},
      first: Math.min(PAGE, limit - teams.length),
      ...(after ? { after } : {}),
    });
    const page = data.team.teamSearchV2;
    for (const node of page.nodes) {
      // Disbanded teams cannot own components.
      if (node.team && node.team.state === 'ACTIVE') {
        teams.push({
          id: node.team.id,
          displayName: node.team.displayName,
          ...(typeof node.memberCount === 'number' ? { memberCount: node.memberCount } : {}),
        });
      }
    }
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
  } while (after && teams.length < limit);
  return teams.slice(0, limit);
}

const FILLER_WORDS = new Set(['team', 'teams', 'group', 'squad', 'the', 'dept', 'department', 'org']);

/** Lower-case words of a name without filler ("payments-team" -> "payments"). */
export function nameKey(name: string): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((word) => !FILLER_WORDS.has(word));
  return (kept.length > 0 ? kept : words).join(' ');
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const gram = padded.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice over character bigrams of the name keys: 1 for the same name, 0 for nothing in common. */
export function nameSimilarity(a: string, b: string): number {
  const left = nameKey(a);
  const right = nameKey(b);
  if (!left || !right) return 0;
  if (left === right) return 1;
  const x = bigrams(left);
  const y = bigrams(right);
  let shared = 0;
  for (const [gram, count] of x) shared += Math.min(count, y.get(gram) ?? 0);
  const total = [...x.values()].reduce((s, n) => s + n, 0) + [...y.values()].reduce((s, n) => s + n, 0);
  return (2 * shared) / total;
}

export const SUGGESTION_THRESHOLD = 0.5;

export function suggestTeams(ownerNames: string[], teams: TeamSummary[], max = 3): TeamSuggestion[] {
  return teams
    .map((team) => ({
      ...team,
      score: Math.max(...ownerNames.map((name) => nameSimilarity(name, team.displayName))),
    }))
    .filter((team) => team.score >= SUGGESTION_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName))
    .slice(0, max)
    .map((team) => ({ ...team, score: Math.round(team.score * 100) / 100 }));
}

/** The catalog's owners: Groups in the catalog and every spec.owner of an imported entity. */
export function ownersOf(
  rows: CatalogRow[],
  rules: Pick<MappingRules, 'importedKinds' | 'ownerTeamIds'>,
): Omit<CatalogOwner, 'suggestions' | 'teamName'>[] {
  const imported = new Set(rules.importedKinds.map((kind) => kind.toLowerCase()));
  const owners = new Map<string, { title?: string; entityCount: number }>();
  for (const row of rows) {
    if (row.kind.toLowerCase() === 'group') {
      const owner = owners.get(row.entityRef) ?? { entityCount: 0 };
      owner.title = row.title ?? row.name;
      owners.set(row.entityRef, owner);
    }
  }
  for (const row of rows) {
    if (!row.ownerRef || !imported.has(row.kind.toLowerCase())) continue;
    const owner = owners.get(row.ownerRef) ?? { entityCount: 0 };
    owner.entityCount++;
    owners.set(row.ownerRef, owner);
  }
  return [...owners]
    .map(([ownerRef, owner]) => ({
      ownerRef,
      ...(owner.title ? { title: owner.title } : {}),
      entityCount: owner.entityCount,
      ...(rules.ownerTeamIds[ownerRef] ? { teamId: rules.ownerTeamIds[ownerRef] } : {}),
    }))
    .sort((a, b) => b.entityCount - a.entityCount || a.ownerRef.localeCompare(b.ownerRef));
}

/** Every owner with its mapped team or suggestions; unmapped owners that own entities come first. */
export async function ownerMappingOverview(
  deps: TeamSearchDeps & { catalog: BackstageCatalog; store: KeyValueStore },
): Promise<{ owners: CatalogOwner[]; unmapped: number }> {
  const [rows, mapping, teams] = await Promise.all([
    readCatalogRows(deps.catalog),
    getMapping(deps.store),
    searchTeams(deps, { limit: MAX_TEAMS_FOR_SUGGESTIONS }),
  ]);
  const teamNames = new Map(teams.map((team) => [team.id, team.displayName]));
  const owners = ownersOf(rows, mapping.rules).map((owner): CatalogOwner => {
    const teamName = owner.teamId
      ? (teamNames.get(owner.teamId) ?? mapping.teamNames[owner.teamId])
      : undefined;
    const name = owner.ownerRef.slice(owner.ownerRef.indexOf('/') + 1);
    return {
      ...owner,
      ...(teamName ? { teamName } : {}),
      suggestions: owner.teamId ? [] : suggestTeams([name, ...(owner.title ? [owner.title] : [])], teams),
    };
  });
  const unmapped = owners.filter((owner) => !owner.teamId && owner.entityCount > 0).length;
  owners.sort(
    (a, b) =>
      Number(Boolean(a.teamId)) - Number(Boolean(b.teamId)) ||
      b.entityCount - a.entityCount ||
      a.ownerRef.localeCompare(b.ownerRef),
  );
  return { owners, unmapped };
}
