// The queue consumer for import work: each event names a batch of entity refs to import. Every step is
// idempotent (components are found by external alias before anything is created), so Forge's at-least-once
// delivery cannot duplicate a component.
import type { AsyncEvent } from '@forge/events';
import { loadConnection } from '../connection/backstage-connection';
import { importEntityBatch } from '../import/import-entity-batch';
import { forgeBackstageCatalog } from './forge-backstage-catalog';
import { cloudIdFrom, forgeCompassGateway } from './forge-compass';
import { forgeKeyValueStore } from './forge-key-value-store';

export interface ImportBatchEvent {
  cloudId?: string;
  entityRefs: string[];
}

export async function importWorker(event: AsyncEvent, context: { installContext?: string }) {
  const body = event.body as unknown as ImportBatchEvent;
  if (!Array.isArray(body?.entityRefs) || body.entityRefs.some((ref) => typeof ref !== 'string')) {
    // Retrying a malformed event cannot help: report and drop it.
    return { ok: false, error: 'The import event carries no entityRefs list' };
  }
  const connection = await loadConnection(forgeKeyValueStore);
  if (!connection)
    return { ok: false, error: 'No Backstage connection is saved; connect Backstage on the admin page' };
  const report = await importEntityBatch({
    catalog: forgeBackstageCatalog(connection),
    gateway: forgeCompassGateway(body.cloudId ?? cloudIdFrom(context)),
    entityRefs: body.entityRefs,
    backstageWebBaseUrl: connection.baseUrl,
  });
  const count = (outcome: string) => report.entities.filter((entity) => entity.outcome === outcome).length;
  return {
    ok: true,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    notFound: report.notFound.length,
  };
}
