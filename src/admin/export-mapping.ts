// The admin page's export (issue 13, "Export"): which Backstage entity became which Compass component, as CSV
// or JSON, or one Compass config-as-code file per imported component in a tar archive. The rows come from the
// app's state; a state written before it kept the component's name and type asks Compass for them (by alias, 50
// per request). The compass.yml files are drafted from Backstage as the next import would write them.
import { BACKSTAGE_ALIAS_SOURCE } from '../core/compass-component-draft';
import { compassComponentUrl } from '../core/compass-urls';
import {
  compassYaml,
  compassYamlFileName,
  mappingCsv,
  mappingJson,
  type MappingExportRow,
} from '../core/export/mapping-export';
import { tarArchive, type ArchiveFile } from '../core/export/tar-archive';
import type { MappingConfig } from '../core/mapping';
import type { BackstageCatalog, CompassGateway, KeyValueStore } from '../core/ports';
import { entityStore } from '../storage/entity-store';
import { importedDrafts, type ImportedState } from './imported-drafts';

export const EXPORT_FORMATS = ['csv', 'json', 'compass-yml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface MappingExport {
  fileName: string;
  mediaType: string;
  content: string;
  /** base64 for the archive; the text formats as they are. */
  encoding: 'utf8' | 'base64';
  /** Components in the file. */
  rows: number;
}

export interface ExportDeps {
  store: KeyValueStore;
  gateway: CompassGateway;
  /** Backstage and the mapping in force: only the compass.yml archive needs them. */
  drafting: () => Promise<{ catalog: BackstageCatalog; config: MappingConfig }>;
  now?: () => Date;
}

const LOOKUP_BATCH = 50;

/** Names and types the states do not hold (written before they kept them), from the components themselves. */
async function namesFromCompass(
  gateway: CompassGateway,
  states: ImportedState[],
): Promise<Map<string, { name: string; typeId: string }>> {
  const refs = states.filter((state) => !state.name || !state.typeId).map((state) => state.entityRef);
  const found = new Map<string, { name: string; typeId: string }>();
  for (let i = 0; i < refs.length; i += LOOKUP_BATCH) {
    const batch = refs.slice(i, i + LOOKUP_BATCH);
    const records = await gateway.findComponentsByAliases(BACKSTAGE_ALIAS_SOURCE, batch);
    batch.forEach((ref, j) => {
      const record = records[j];
      if (record) found.set(ref, { name: record.name, typeId: record.typeId });
    });
  }
  return found;
}

function stamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export async function exportMapping(
  deps: ExportDeps,
  request: { format: ExportFormat; siteUrl?: string },
): Promise<MappingExport> {
  const now = (deps.now ?? (() => new Date()))();
  const baseName = `backstage-compass-mapping-${stamp(now)}`;
  if (request.format === 'compass-yml') {
    const { drafted, states } = await importedDrafts({ store: deps.store, ...(await deps.drafting()) });
    const idsByRef = new Map([...states].map(([ref, state]) => [ref, state.componentId]));
    const used = new Set<string>();
    const files: ArchiveFile[] = drafted.map(({ draft, state }) => {
      // Two refs may make the same path-safe name: the later gets a number.
      let path = compassYamlFileName(draft.entityRef);
      for (let n = 2; used.has(path); n++) path = compassYamlFileName(`${draft.entityRef}-${n}`);
      used.add(path);
      return { path, content: compassYaml(draft, state.componentId, idsByRef) };
    });
    return {
      fileName: `${baseName}.tar`,
      mediaType: 'application/x-tar',
      content: Buffer.from(tarArchive(files, now)).toString('base64'),
      encoding: 'base64',
      rows: files.length,
    };
  }

  const states = [...(await entityStore(deps.store).loadAllStates()).values()];
  const fromCompass = await namesFromCompass(deps.gateway, states);
  const rows = states.map((state): MappingExportRow => {
    const componentUrl = compassComponentUrl(request.siteUrl, state.componentId);
    const known = fromCompass.get(state.entityRef);
    return {
      entityRef: state.entityRef,
      componentId: state.componentId,
      ...(componentUrl ? { componentUrl } : {}),
      name: state.name ?? known?.name ?? '',
      typeId: state.typeId ?? known?.typeId ?? '',
      lastSyncedAt: state.lastSeenAt,
    };
  });
  return request.format === 'csv'
    ? {
        fileName: `${baseName}.csv`,
        mediaType: 'text/csv',
        content: mappingCsv(rows),
        encoding: 'utf8',
        rows: rows.length,
      }
    : {
        fileName: `${baseName}.json`,
        mediaType: 'application/json',
        content: mappingJson(rows, now.toISOString()),
        encoding: 'utf8',
        rows: rows.length,
      };
}
