// Writes mapped drafts into Compass: each component found by its external alias and updated where it differs,
// or created; then, once both ends exist, the relationships. A failure is recorded against its entity and never
// stops the run. The sync engine (plan, apply, resume, batching) builds on this.
import type { CompassComponentDraft } from '../core/compass-component-draft';
import { changesToMatchDraft } from '../core/component-changes';
import type { MappingWarning } from '../core/mapping-warning';
import type {
  CompassComponentChanges,
  CompassComponentRecord,
  CompassGateway,
  CompassRelationshipType,
} from '../core/ports';

export type EntityOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface EntityWriteResult {
  entityRef: string;
  outcome: EntityOutcome;
  componentId?: string;
  /** The draft fields that were written on an update. */
  changedFields?: (keyof CompassComponentChanges)[];
  error?: { kind: string; message: string };
}

export interface RelationshipWriteResult {
  fromEntityRef: string;
  toEntityRef: string;
  type: CompassRelationshipType;
  outcome: 'added' | 'removed' | 'failed';
  error?: { kind: string; message: string };
}

export interface WriteReport {
  entities: EntityWriteResult[];
  relationships: RelationshipWriteResult[];
  /** Relationship targets that could not be resolved to a Compass component. */
  warnings: MappingWarning[];
}

function errorSummary(error: unknown): { kind: string; message: string } {
  const kind = (error as { kind?: unknown }).kind;
  return {
    kind: typeof kind === 'string' ? kind : 'unexpected',
    message: (error as Error).message ?? String(error),
  };
}

async function writeComponent(
  gateway: CompassGateway,
  draft: CompassComponentDraft,
): Promise<{ result: EntityWriteResult; record?: CompassComponentRecord }> {
  try {
    const existing = await gateway.findComponentByAlias(draft.externalAlias);
    if (!existing) {
      const record = await gateway.createComponent(draft);
      return { result: { entityRef: draft.entityRef, outcome: 'created', componentId: record.id }, record };
    }
    const changes = changesToMatchDraft(existing, draft);
    const changedFields = Object.keys(changes) as (keyof CompassComponentChanges)[];
    if (changedFields.length === 0) {
      return {
        result: { entityRef: draft.entityRef, outcome: 'unchanged', componentId: existing.id },
        record: existing,
      };
    }
    const record = await gateway.updateComponent(existing, changes);
    return {
      result: { entityRef: draft.entityRef, outcome: 'updated', componentId: record.id, changedFields },
      record,
    };
  } catch (error) {
    return { result: { entityRef: draft.entityRef, outcome: 'failed', error: errorSummary(error) } };
  }
}

interface WantedRelationship {
  fromRef: string;
  toRef: string;
  type: CompassRelationshipType;
}

function wantedRelationships(draft: CompassComponentDraft): WantedRelationship[] {
  const wanted: WantedRelationship[] = draft.dependsOn.map((toRef) => ({
    fromRef: draft.entityRef,
    toRef,
    type: 'DEPENDS_ON',
  }));
  if (draft.childOf) wanted.push({ fromRef: draft.entityRef, toRef: draft.childOf, type: 'CHILD_OF' });
  return wanted;
}

export async function writeDrafts(
  gateway: CompassGateway,
  drafts: CompassComponentDraft[],
  options: { onEntity?: (result: EntityWriteResult) => void } = {},
): Promise<WriteReport> {
  const report: WriteReport = { entities: [], relationships: [], warnings: [] };
  const records = new Map<string, CompassComponentRecord>();
  for (const draft of drafts) {
    const { result, record } = await writeComponent(gateway, draft);
    if (record) records.set(draft.entityRef, record);
    report.entities.push(result);
    options.onEntity?.(result);
  }

  // Second pass: both ends of a relationship now exist (or failed, and are reported).
  const managedIds = new Set([...records.values()].map((record) => record.id));
  for (const draft of drafts) {
    const from = records.get(draft.entityRef);
    if (!from) continue;
    const wanted = wantedRelationships(draft).flatMap((relationship) => {
      const to = records.get(relationship.toRef);
      if (to) return [{ ...relationship, toId: to.id }];
      report.warnings.push({
        entityRef: draft.entityRef,
        code: 'relationship-target-not-imported',
        message: `${relationship.type} ${relationship.toRef} not written: that entity has no Compass component in this run`,
      });
      return [];
    });
    for (const relationship of wanted) {
      const exists = from.relationships.some(
        (r) => r.type === relationship.type && r.targetId === relationship.toId,
      );
      if (!exists) await recordRelationship(report, gateway, 'added', { ...relationship, fromId: from.id });
    }
    // Only relationships between components this app manages are ours to remove; hand-made ones stay.
    for (const current of from.relationships) {
      const stillWanted = wanted.some((w) => w.type === current.type && w.toId === current.targetId);
      if (stillWanted || !managedIds.has(current.targetId)) continue;
      const toRef = [...records.entries()].find(([, record]) => record.id === current.targetId)![0];
      await recordRelationship(report, gateway, 'removed', {
        fromRef: draft.entityRef,
        toRef,
        type: current.type,
        fromId: from.id,
        toId: current.targetId,
      });
    }
  }
  return report;
}

async function recordRelationship(
  report: WriteReport,
  gateway: CompassGateway,
  action: 'added' | 'removed',
  relationship: WantedRelationship & { fromId: string; toId: string },
): Promise<void> {
  const base = {
    fromEntityRef: relationship.fromRef,
    toEntityRef: relationship.toRef,
    type: relationship.type,
  };
  try {
    if (action === 'added')
      await gateway.addRelationship(relationship.fromId, relationship.toId, relationship.type);
    else await gateway.removeRelationship(relationship.fromId, relationship.toId, relationship.type);
    report.relationships.push({ ...base, outcome: action });
  } catch (error) {
    report.relationships.push({ ...base, outcome: 'failed', error: errorSummary(error) });
  }
}
