// The mapping export after a real import (the real Backstage, the local Compass): every format read back and
// compared with the app's stored state and with what Compass holds.
import { parse as parseYaml } from 'yaml';
import { readCsv } from '../core/export/testing/read-csv';
import { readTar } from '../core/export/testing/read-tar';
import { MAPPING_EXPORT_COLUMNS } from '../core/export/mapping-export';
import { entityStore } from '../storage/entity-store';
import { importHarness, type ImportHarness } from '../import/testing/import-harness';
import { loadMappingConfig } from './entity-plan';
import { exportMapping, type ExportDeps } from './export-mapping';

const SITE = 'https://acme.atlassian.net';
const NOW = new Date('2026-12-04T12:30:00.000Z');

function exportDeps(harness: ImportHarness): ExportDeps {
  return {
    store: harness.store,
    gateway: harness.deps.gateway,
    drafting: async () => ({
      catalog: harness.deps.catalog,
      config: await loadMappingConfig(harness.store, harness.backstageBaseUrl),
    }),
    now: () => NOW,
  };
}

/** What the export should say of each imported entity: its state, and its component as Compass has it. */
async function expectedRows(harness: ImportHarness) {
  const states = await entityStore(harness.store).loadAllStates();
  return [...states.values()]
    .map((state) => {
      const component = harness.compass.component(state.componentId)!;
      return {
        entityRef: state.entityRef,
        componentId: state.componentId,
        componentUrl: `${SITE}/compass/component/${state.componentId.split('/').pop()}`,
        name: component.name,
        typeId: component.typeId,
        lastSyncedAt: state.lastSeenAt,
      };
    })
    .sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
}

describe('exporting the mapping', () => {
  let harness: ImportHarness;
  beforeAll(async () => {
    harness = importHarness();
    await harness.importAll();
  });

  it('CSV and JSON hold every imported entity, its component, URL, name, type and last sync', async () => {
    const expected = await expectedRows(harness);
    expect(expected.length).toBeGreaterThan(20);

    const csv = await exportMapping(exportDeps(harness), { format: 'csv', siteUrl: SITE });
    expect(csv).toMatchObject({
      fileName: 'backstage-compass-mapping-20261204-123000.csv',
      mediaType: 'text/csv',
      encoding: 'utf8',
      rows: expected.length,
    });
    const [header, ...body] = readCsv(csv.content);
    expect(header).toEqual([...MAPPING_EXPORT_COLUMNS]);
    expect(body.map((cells) => Object.fromEntries(header!.map((column, i) => [column, cells[i]])))).toEqual(
      expected,
    );

    const json = await exportMapping(exportDeps(harness), { format: 'json', siteUrl: SITE });
    expect(json).toMatchObject({ mediaType: 'application/json', encoding: 'utf8', rows: expected.length });
    expect(JSON.parse(json.content)).toEqual({ exportedAt: NOW.toISOString(), components: expected });
  });

  it('takes names and types from state when it has them, asking Compass nothing', async () => {
    const entities = entityStore(harness.store);
    const states = await entities.loadAllStates();
    await entities.saveStates(
      [...states.values()].map(({ entityRef, ...state }) => ({
        entityRef,
        state: { ...state, name: `Kept ${entityRef}`, typeId: 'OTHER' },
      })),
    );
    harness.compass.resetStats();
    const json = await exportMapping(exportDeps(harness), { format: 'json' });
    expect(harness.compass.stats().requests).toBe(0);
    const { components } = JSON.parse(json.content) as { components: { entityRef: string }[] };
    expect(components).toHaveLength(states.size);
    for (const row of components) {
      expect(row).toEqual({
        entityRef: row.entityRef,
        componentId: states.get(row.entityRef)!.componentId,
        name: `Kept ${row.entityRef}`,
        typeId: 'OTHER',
        lastSyncedAt: states.get(row.entityRef)!.lastSeenAt,
      });
    }
    // Put back what the import wrote for the next test.
    await entities.saveStates([...states.values()].map(({ entityRef, ...state }) => ({ entityRef, state })));
  });

  it('compass.yml per component, in a tar archive, says what Compass holds', async () => {
    const answer = await exportMapping(exportDeps(harness), { format: 'compass-yml' });
    const states = await entityStore(harness.store).loadAllStates();
    expect(answer).toMatchObject({
      fileName: 'backstage-compass-mapping-20261204-123000.tar',
      mediaType: 'application/x-tar',
      encoding: 'base64',
      rows: states.size,
    });
    const archive = readTar(Buffer.from(answer.content, 'base64'));
    expect(archive.paths).toHaveLength(states.size);
    const seen = { lifecycle: 0, dependsOn: 0, links: 0 };
    for (const state of states.values()) {
      const path = `${state.entityRef.replace(/[^a-z0-9._-]+/gi, '_')}/compass.yml`;
      const file = parseYaml(archive.contentOf(path)) as Record<string, unknown>;
      const component = harness.compass.component(state.componentId)!;
      const lifecycle = Object.values(component.fields)[0]?.[0];
      expect({
        id: file.id,
        name: file.name,
        description: file.description ?? null,
        typeId: file.typeId,
        ownerId: file.ownerId,
        lifecycle: (file.fields as { lifecycle?: string } | undefined)?.lifecycle,
        labels: [...((file.labels as string[] | undefined) ?? [])].sort(),
        links: ((file.links as { type: string; url: string }[] | undefined) ?? []).map(
          (l) => `${l.type} ${l.url}`,
        ),
        dependsOn: (file.relationships as { DEPENDS_ON?: string[] } | undefined)?.DEPENDS_ON ?? [],
      }).toEqual({
        id: component.id,
        name: component.name,
        description: component.description,
        typeId: component.typeId,
        ownerId: component.ownerId,
        lifecycle,
        labels: [...component.labels].sort(),
        links: component.links.map((l) => `${l.type} ${l.url}`),
        dependsOn: [...component.dependsOn].sort(),
      });
      seen.lifecycle += file.fields ? 1 : 0;
      seen.dependsOn += file.relationships ? 1 : 0;
      seen.links += file.links ? 1 : 0;
    }
    // The comparison covered the fields that vary.
    expect(seen.lifecycle).toBeGreaterThan(5);
    expect(seen.dependsOn).toBeGreaterThan(5);
    expect(seen.links).toBeGreaterThan(5);
  });
});
