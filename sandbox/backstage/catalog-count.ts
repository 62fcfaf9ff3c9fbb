// How many entities a set of catalog files should give, worked out before the backend starts, so readiness can
// wait for "everything is in" rather than "the port is open". It mirrors what catalog-backend 4.0.0 was seen to do:
// - a document of a kind the rules do not allow fails the Location that read it, and that Location then stores
//   nothing at all: not itself, not the other entities of any of its target files (measured, see catalog/README.md);
// - an entity that fails validation (@backstage/catalog-model, as the server uses) is dropped on its own;
// - a Location entity's targets are read relative to its file, and every configured location adds a generated
//   Location entity.
// Documents with placeholders ($text and friends) and url targets cannot be judged offline: they make the
// estimate inexact, and readiness then also accepts a count that has stopped moving.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { checkEntity } from '../../src/backstage/entity-validation';

export interface CatalogCountEstimate {
  /** Entities that will certainly be served. */
  certain: number;
  /** Upper bound; Infinity when a location points somewhere that cannot be read offline. */
  possible: number;
  /** Certain entities by kind as written in the files (plus `Location` for the generated ones). */
  byKind: Record<string, number>;
  /** The entities written in the files that will certainly be served (generated Locations not included). */
  entities: Entity[];
  /** What was dropped or could not be judged, one line each. */
  notes: string[];
}

const PLACEHOLDER_KEYS = new Set(['$text', '$json', '$yaml']);

function hasPlaceholder(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => PLACEHOLDER_KEYS.has(key) || hasPlaceholder(inner));
}

interface LocationSpec {
  type?: string;
  target?: string;
  targets?: string[];
}

interface LocationResult {
  ok: boolean;
  certain: number;
  possible: number;
  byKind: Record<string, number>;
  entities: Entity[];
}

function addKind(byKind: Record<string, number>, kind: string, n: number): void {
  byKind[kind] = (byKind[kind] ?? 0) + n;
}

function readDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => document.toJS() as unknown)
    .filter((raw) => raw !== null && raw !== undefined);
}

export async function estimateCatalogEntities(
  locationFiles: readonly string[],
  allowedKinds: readonly string[],
): Promise<CatalogCountEstimate> {
  const allowed = new Set(allowedKinds.map((kind) => kind.toLowerCase()));
  const notes: string[] = [];
  const seenRefs = new Set<string>();

  // What one Location (generated or an entity) contributes through its target files.
  const readLocation = async (targets: string[], name: string): Promise<LocationResult> => {
    const result: LocationResult = { ok: true, certain: 0, possible: 0, byKind: {}, entities: [] };
    const documents: { file: string; raw: unknown }[] = [];
    for (const file of targets) {
      let raws: unknown[];
      try {
        raws = readDocuments(file);
      } catch (error) {
        notes.push(`${name}: ${file} cannot be read (${(error as Error).message})`);
        return { ...result, ok: false };
      }
      documents.push(...raws.map((raw) => ({ file, raw })));
    }
    const kindOf = (raw: unknown): string => String((raw as { kind?: unknown }).kind ?? '');
    const rejected = documents.find(({ raw }) => !allowed.has(kindOf(raw).toLowerCase()));
    if (rejected) {
      notes.push(
        `${name}: stores nothing, ${rejected.file} holds a ${kindOf(rejected.raw)} (kind not allowed)`,
      );
      return { ...result, ok: false };
    }
    for (const { file, raw } of documents) {
      if (hasPlaceholder(raw)) {
        notes.push(`${file}: a document uses a placeholder ($text/$json/$yaml)`);
        result.possible += 1;
        continue;
      }
      const check = await checkEntity(raw);
      if (!check.valid) continue;
      const { entity } = check;
      const ref = `${entity.kind.toLowerCase()}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`;
      if (seenRefs.has(ref)) continue;
      seenRefs.add(ref);
      if (entity.kind.toLowerCase() !== 'location') {
        result.certain += 1;
        result.possible += 1;
        addKind(result.byKind, entity.kind, 1);
        result.entities.push(entity);
        continue;
      }
      const spec = (entity.spec ?? {}) as LocationSpec;
      const nestedTargets: string[] = [];
      let unreadable = false;
      for (const target of [...(spec.target ? [spec.target] : []), ...(spec.targets ?? [])]) {
        if ((spec.type ?? 'file') === 'file' && !/^[a-z]+:\/\//i.test(target)) {
          nestedTargets.push(path.resolve(path.dirname(file), target));
        } else {
          unreadable = true;
          notes.push(`${file}: Location ${entity.metadata.name} points at ${target}`);
        }
      }
      if (unreadable) {
        result.possible = Infinity;
        continue;
      }
      const nested = await readLocation(nestedTargets, `Location ${entity.metadata.name}`);
      if (!nested.ok) continue;
      result.certain += 1 + nested.certain;
      result.possible += 1 + nested.possible;
      addKind(result.byKind, entity.kind, 1);
      for (const [kind, n] of Object.entries(nested.byKind)) addKind(result.byKind, kind, n);
      result.entities.push(entity, ...nested.entities);
    }
    return result;
  };

  const estimate: CatalogCountEstimate = { certain: 0, possible: 0, byKind: {}, entities: [], notes };
  for (const file of locationFiles) {
    try {
      readFileSync(file);
    } catch (error) {
      throw new Error(`Catalog file ${file} cannot be read: ${(error as Error).message}`);
    }
    const location = await readLocation([file], `location ${file}`);
    if (!location.ok) continue;
    // The generated Location entity for the configured location, plus what it stores.
    estimate.certain += 1 + location.certain;
    estimate.possible += 1 + location.possible;
    addKind(estimate.byKind, 'Location', 1);
    for (const [kind, n] of Object.entries(location.byKind)) addKind(estimate.byKind, kind, n);
    estimate.entities.push(...location.entities);
  }
  return estimate;
}
