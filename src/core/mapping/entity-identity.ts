// Who an entity is: its canonical ref, and where it lives in Backstage's web app.
import { DEFAULT_NAMESPACE, stringifyEntityRef, type Entity } from '@backstage/catalog-model';

export interface EntityIdentity {
  /** Lower-cased `kind:namespace/name`: the Compass external alias id and the key everything else uses. */
  entityRef: string;
  /** As written, for links into Backstage. */
  kind: string;
  namespace: string;
  name: string;
}

export type EntityIdentityResult =
  { ok: true; identity: EntityIdentity } | { ok: false; reason: string; label: string };

/** Never throws: entities come from outside and may lack a kind or name. */
export function identifyEntity(entity: Entity): EntityIdentityResult {
  const kind = nonEmptyString(entity?.kind);
  const metadata = entity?.metadata as Record<string, unknown> | undefined;
  const name = nonEmptyString(metadata?.name);
  const namespaceValue = metadata?.namespace;
  const namespace = namespaceValue === undefined ? DEFAULT_NAMESPACE : nonEmptyString(namespaceValue);
  if (!kind || !name || !namespace) {
    const missing = [!kind && 'kind', !name && 'metadata.name', !namespace && 'metadata.namespace']
      .filter(Boolean)
      .join(', ');
    return {
      ok: false,
      reason: `entity has no usable ${missing}`,
      // Best-effort label so the warning still points at something a person can find.
      label: `${kind ?? '<no kind>'}:${namespace ?? '<no namespace>'}/${name ?? '<no name>'}`.toLowerCase(),
    };
  }
  return {
    ok: true,
    identity: {
      entityRef: stringifyEntityRef({ kind, namespace, name }).toLowerCase(),
      kind,
      namespace,
      name,
    },
  };
}

/** Backstage's entity page, `<web>/catalog/<namespace>/<kind>/<name>` (kind and namespace lower-case, as Backstage routes them). */
export function backstageEntityPageUrl(webBaseUrl: string, identity: EntityIdentity): string {
  return `${webBaseUrl}/catalog/${entityRoutePath(identity)}`;
}

/** The entity's TechDocs site, `<web>/docs/<namespace>/<kind>/<name>`. */
export function backstageTechDocsUrl(webBaseUrl: string, identity: EntityIdentity): string {
  return `${webBaseUrl}/docs/${entityRoutePath(identity)}`;
}

function entityRoutePath({ kind, namespace, name }: EntityIdentity): string {
  return [namespace.toLowerCase(), kind.toLowerCase(), name].map(encodeURIComponent).join('/');
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
