// The component page panel's view model: what Backstage knows about one entity, shaped for the page. Pure:
// built from the entity, its related entities (one by-refs lookup) and what the app knows about Compass.
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CompassLinkType } from '../core/compass-component-draft';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  githubProjectUrl,
  inferLinkType,
  removeTextControls,
  webUrlOrUndefined,
  type TextShape,
} from '../core/mapping';

export interface PanelEntityLink {
  /** Lower-cased entity ref `kind:namespace/name`. */
  ref: string;
  /** The entity's title, else its name (the ref's name when Backstage does not have it). */
  title: string;
  kind: string;
  /** The Compass component of an imported entity (the page links to it); else absent and `backstageUrl` serves. */
  compassComponentId?: string;
  backstageUrl: string;
  /** False when Backstage no longer has the entity the relation names. */
  exists: boolean;
}

export interface PanelOwner extends PanelEntityLink {
  /** The Atlassian team the owner maps to (the import's owner mapping), when mapped. */
  teamId?: string;
}

export interface PanelLink {
  title: string;
  url: string;
}

/** An entity link, with the Compass link type the import gives it (the page groups links by it). */
export interface PanelEntityUrl extends PanelLink {
  /** Absent in a view saved before links were typed: the page counts it as another link. */
  type?: CompassLinkType;
}

export interface PanelProcessingError {
  level: string;
  type: string;
  message: string;
}

export interface PanelAnnotations {
  sourceLocation?: PanelLink;
  githubSlug?: PanelLink;
  /** The integration key is only said to be set: it is a credential for sending events, never shown. */
  pagerDuty?: { serviceId?: string; integrationKey?: string; serviceUrl?: string };
  sonarQube?: { projectKey: string; projectUrl?: string };
}

export interface PanelEntityView {
  ref: string;
  title: string;
  name: string;
  namespace: string;
  kind: string;
  type?: string;
  lifecycle?: string;
  description?: string;
  owner?: PanelOwner;
  system?: PanelEntityLink;
  domain?: PanelEntityLink;
  tags: string[];
  links: PanelEntityUrl[];
  providesApis: PanelEntityLink[];
  consumesApis: PanelEntityLink[];
  /** An API's providers and consumers (`apiProvidedBy`, `apiConsumedBy`); absent on other kinds. */
  providedBy?: PanelEntityLink[];
  consumedBy?: PanelEntityLink[];
  dependsOn: PanelEntityLink[];
  dependents: PanelEntityLink[];
  techDocsUrl?: string;
  annotations: PanelAnnotations;
  processingErrors: PanelProcessingError[];
  backstageUrl: string;
}

/** What the panel needs besides the entities: where Backstage lives and what the app knows of Compass. */
export interface PanelViewContext {
  /** Backstage's web base URL without a trailing slash. */
  backstageBaseUrl: string;
  /** Imported entities' Compass component ids, by lower-cased ref. */
  componentIdsByRef: ReadonlyMap<string, string>;
  /** The owner mapping: lower-cased owner ref → Atlassian team id. */
  ownerTeamIds: Readonly<Record<string, string>>;
}

const RELATION_GROUPS = {
  providesApis: 'providesApi',
  consumesApis: 'consumesApi',
  providedBy: 'apiProvidedBy',
  consumedBy: 'apiConsumedBy',
  dependsOn: 'dependsOn',
  dependents: 'dependencyOf',
} as const;

function parseRef(ref: string): { kind: string; namespace: string; name: string } {
  return parseEntityRef(ref);
}

export function backstageEntityUrl(backstageBaseUrl: string, ref: string): string {
  const { kind, namespace, name } = parseRef(ref);
  return `${backstageBaseUrl}/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;
}

export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLowerCase();
}

/** Every entity ref the view shows besides the entity itself: what the one by-refs lookup asks for. */
export function relatedRefs(entity: Entity): string[] {
  const wanted = new Set<string>([...Object.values(RELATION_GROUPS), 'ownedBy', 'partOf'] as string[]);
  const refs = new Set<string>();
  for (const relation of entity.relations ?? []) {
    if (wanted.has(relation.type)) refs.add(relation.targetRef.toLowerCase());
  }
  return [...refs].sort();
}

function entityLink(
  ref: string,
  related: ReadonlyMap<string, Entity | null>,
  context: PanelViewContext,
): PanelEntityLink {
  const entity = related.get(ref) ?? null;
  const parsed = parseRef(ref);
  const componentId = context.componentIdsByRef.get(ref);
  return {
    ref,
    title: shownText(entity?.metadata.title) ?? entity?.metadata.name ?? parsed.name,
    kind: entity?.kind ?? parsed.kind,
    ...(componentId ? { compassComponentId: componentId } : {}),
    backstageUrl: backstageEntityUrl(context.backstageBaseUrl, ref),
    // Not in the lookup at all means it was not asked for; null means Backstage does not have it.
    exists: related.get(ref) !== null,
  };
}

function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Author text the page shows, without bidi or control characters (the importer's rule); undefined when none is left. */
function shownText(value: unknown, shape: TextShape = 'single-line'): string | undefined {
  const text = stringAt(value);
  return text === undefined ? undefined : stringAt(removeTextControls(text, shape).text);
}

/** The importer's check: http(s) only, never a URL carrying a user name or password. */
function httpUrl(value: string | undefined): string | undefined {
  return value ? webUrlOrUndefined(value.replace(/^url:/, '')) : undefined;
}

/** The origins of the entity's own links whose host `matches`: where its tools live, when the annotations do not say. */
function linkOrigins(links: readonly PanelLink[], matches: (host: string) => boolean): URL[] {
  return links.map((link) => new URL(link.url)).filter((url) => matches(url.hostname.toLowerCase()));
}

const PAGERDUTY_SERVICE_ID = /^[A-Za-z0-9]+$/;

/**
 * A PagerDuty service page. `pagerduty.com/service-id` holds only the id; the account's subdomain is in
 * Backstage's app config, which the app cannot read, so it comes from one of the entity's own links to
 * `<account>.pagerduty.com`. Without one there is no address to link.
 */
function pagerDutyServiceUrl(serviceId: string, links: readonly PanelLink[]): string | undefined {
  if (!PAGERDUTY_SERVICE_ID.test(serviceId)) return undefined;
  const [account] = linkOrigins(links, (host) => /^[a-z0-9-]+\.pagerduty\.com$/.test(host));
  return account ? `${account.origin}/service-directory/${serviceId}` : undefined;
}

/**
 * A SonarQube (or SonarCloud) project page. `sonarqube.org/project-key` is `[instance/]key`; the instance's
 * base URL is in Backstage's app config, so it comes from one of the entity's own links to SonarCloud or to a
 * host named sonar/sonarqube. Without one the key is shown as text.
 */
function sonarQubeProjectUrl(projectKey: string, links: readonly PanelLink[]): string | undefined {
  const key = projectKey.includes('/') ? projectKey.slice(projectKey.indexOf('/') + 1) : projectKey;
  const [instance] = linkOrigins(
    links,
    (host) =>
      host === 'sonarcloud.io' || host.split('.').some((part) => part === 'sonar' || part === 'sonarqube'),
  );
  return instance && key ? `${instance.origin}/dashboard?id=${encodeURIComponent(key)}` : undefined;
}

function annotationsOf(entity: Entity, links: readonly PanelLink[]): PanelAnnotations {
  const annotations = entity.metadata.annotations ?? {};
  const result: PanelAnnotations = {};
  const source = httpUrl(annotations['backstage.io/source-location']);
  if (source) result.sourceLocation = { title: 'Source', url: source };
  const slug = stringAt(annotations[ANNOTATION_GITHUB_PROJECT_SLUG]);
  const githubUrl = slug ? githubProjectUrl(slug) : undefined;
  if (slug && githubUrl) result.githubSlug = { title: slug, url: githubUrl };
  const serviceId = stringAt(annotations['pagerduty.com/service-id']);
  const integrationKey = stringAt(annotations['pagerduty.com/integration-key']);
  if (serviceId || integrationKey) {
    const serviceUrl = serviceId ? pagerDutyServiceUrl(serviceId, links) : undefined;
    result.pagerDuty = {
      ...(serviceId ? { serviceId } : {}),
      ...(integrationKey ? { integrationKey } : {}),
      ...(serviceUrl ? { serviceUrl } : {}),
    };
  }
  const projectKey = stringAt(annotations['sonarqube.org/project-key']);
  if (projectKey) {
    const projectUrl = sonarQubeProjectUrl(projectKey, links);
    result.sonarQube = { projectKey, ...(projectUrl ? { projectUrl } : {}) };
  }
  return result;
}

function processingErrorsOf(entity: Entity): PanelProcessingError[] {
  const items = (entity as { status?: { items?: unknown[] } }).status?.items ?? [];
  return items.flatMap((item) => {
    const candidate = item as {
      type?: unknown;
      level?: unknown;
      message?: unknown;
      error?: { message?: unknown };
    };
    if (candidate.level !== 'error' && candidate.level !== 'warning') return [];
    const message = stringAt(candidate.message) ?? stringAt(candidate.error?.message) ?? 'Processing error';
    return [{ level: String(candidate.level), type: stringAt(candidate.type) ?? 'unknown', message }];
  });
}

export function buildPanelEntityView(
  entity: Entity,
  related: ReadonlyMap<string, Entity | null>,
  context: PanelViewContext,
): PanelEntityView {
  const ref = entityRefOf(entity);
  const relationTargets = (type: string) =>
    [
      ...new Set(
        (entity.relations ?? []).filter((r) => r.type === type).map((r) => r.targetRef.toLowerCase()),
      ),
    ]
      .sort()
      .map((target) => entityLink(target, related, context));
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const ownerRef = relationTargets('ownedBy')[0];
  const system = relationTargets('partOf').find((link) => link.kind.toLowerCase() === 'system');
  const domain =
    relationTargets('partOf').find((link) => link.kind.toLowerCase() === 'domain') ??
    domainOfSystem(system, related, context);
  const teamId = ownerRef ? context.ownerTeamIds[ownerRef.ref] : undefined;
  const techDocsRef = stringAt(entity.metadata.annotations?.['backstage.io/techdocs-ref']);
  const { namespace, name } = parseRef(ref);
  const description = shownText(entity.metadata.description, 'multi-line');
  const type = stringAt(spec.type);
  const lifecycle = stringAt(spec.lifecycle);
  const links = (entity.metadata.links ?? []).flatMap((link): PanelEntityUrl[] => {
    const url = httpUrl(link.url);
    if (!url) return [];
    const title = shownText(link.title) ?? url;
    return [
      { title, url, type: inferLinkType({ url: new URL(url), type: link.type, icon: link.icon, title }) },
    ];
  });
  const isApi = entity.kind.toLowerCase() === 'api';
  return {
    ref,
    title: shownText(entity.metadata.title) ?? entity.metadata.name,
    name: entity.metadata.name,
    namespace,
    kind: entity.kind,
    ...(type ? { type } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(description ? { description } : {}),
    ...(ownerRef ? { owner: { ...ownerRef, ...(teamId ? { teamId } : {}) } } : {}),
    ...(system ? { system } : {}),
    ...(domain ? { domain } : {}),
    tags: [...(entity.metadata.tags ?? [])],
    links,
    providesApis: relationTargets(RELATION_GROUPS.providesApis),
    consumesApis: relationTargets(RELATION_GROUPS.consumesApis),
    ...(isApi
      ? {
          providedBy: relationTargets(RELATION_GROUPS.providedBy),
          consumedBy: relationTargets(RELATION_GROUPS.consumedBy),
        }
      : {}),
    dependsOn: relationTargets(RELATION_GROUPS.dependsOn),
    dependents: relationTargets(RELATION_GROUPS.dependents),
    ...(techDocsRef
      ? { techDocsUrl: `${context.backstageBaseUrl}/docs/${namespace}/${entity.kind.toLowerCase()}/${name}` }
      : {}),
    annotations: annotationsOf(entity, links),
    processingErrors: processingErrorsOf(entity),
    backstageUrl: backstageEntityUrl(context.backstageBaseUrl, ref),
  };
}

// A component names its system; the system (fetched in the same by-refs call) names the domain.
function domainOfSystem(
  system: PanelEntityLink | undefined,
  related: ReadonlyMap<string, Entity | null>,
  context: PanelViewContext,
): PanelEntityLink | undefined {
  if (!system) return undefined;
  const systemEntity = related.get(system.ref);
  const domainRef = systemEntity?.relations?.find((r) => r.type === 'partOf')?.targetRef.toLowerCase();
  return domainRef ? entityLink(domainRef, related, context) : undefined;
}
