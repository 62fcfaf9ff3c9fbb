import { parse as parseYaml } from 'yaml';
import type { CompassComponentDraft } from '../compass-component-draft';
import { COMPASS_LIMITS } from '../compass-component-draft';
import {
  compassYaml,
  compassYamlFileName,
  MAPPING_EXPORT_COLUMNS,
  mappingCsv,
  mappingJson,
  type MappingExportRow,
} from './mapping-export';
import { readCsv } from './testing/read-csv';

const ARI = (id: string) => `ari:cloud:compass:site-1:component/workspace-1/${id}`;

const rows: MappingExportRow[] = [
  {
    entityRef: 'component:default/payment-gateway',
    componentId: ARI('pg'),
    componentUrl: 'https://example.atlassian.net/compass/component/pg',
    name: 'Payment Gateway, "v2"',
    typeId: 'SERVICE',
    lastSyncedAt: '2026-12-04T10:00:00.000Z',
  },
  // Sorted after the first: exports diff cleanly whatever order the store answered in.
  {
    entityRef: 'api:default/payments-api',
    componentId: ARI('api'),
    name: '=HYPERLINK("x")',
    typeId: 'OTHER',
  },
  { entityRef: 'resource:default/db', componentId: ARI('db'), name: 'line\nbreak', typeId: 'CLOUD_RESOURCE' },
];

describe('mapping export', () => {
  it('CSV round-trips every row, sorted by entity ref, with formula cells defused', () => {
    const [header, ...body] = readCsv(mappingCsv(rows));
    expect(header).toEqual([...MAPPING_EXPORT_COLUMNS]);
    expect(body.map((cells) => cells[0])).toEqual([
      'api:default/payments-api',
      'component:default/payment-gateway',
      'resource:default/db',
    ]);
    const gateway = body[1]!;
    expect(gateway).toEqual([
      'component:default/payment-gateway',
      ARI('pg'),
      'https://example.atlassian.net/compass/component/pg',
      'Payment Gateway, "v2"',
      'SERVICE',
      '2026-12-04T10:00:00.000Z',
    ]);
    expect(body[2]![3]).toBe('line\nbreak');
    // A spreadsheet would run "=HYPERLINK(...)": the cell starts with an apostrophe instead.
    expect(body[0]![3]).toBe(`'=HYPERLINK("x")`);
  });

  it('JSON holds the same rows, sorted, without absent fields', () => {
    const parsed = JSON.parse(mappingJson(rows, '2026-12-04T12:00:00.000Z')) as {
      exportedAt: string;
      components: Record<string, string>[];
    };
    expect(parsed.exportedAt).toBe('2026-12-04T12:00:00.000Z');
    expect(parsed.components.map((row) => row.entityRef)).toEqual([
      'api:default/payments-api',
      'component:default/payment-gateway',
      'resource:default/db',
    ]);
    expect(parsed.components[0]).toEqual({
      entityRef: 'api:default/payments-api',
      componentId: ARI('api'),
      name: '=HYPERLINK("x")',
      typeId: 'OTHER',
    });
    expect(parsed.components[1]).toEqual(rows[0]);
  });

  it("writes a compass.yml that follows Compass's config-as-code rules", () => {
    const draft: CompassComponentDraft = {
      entityRef: 'component:default/payment-gateway',
      externalAlias: { externalSource: 'backstage', externalId: 'component:default/payment-gateway' },
      name: 'Payment Gateway: "edge"',
      description: 'Takes payments.\nSecond line: with # and : inside',
      typeId: 'SERVICE',
      lifecycle: 'Active',
      labels: ['payments', 'tier-1'],
      links: [
        { type: 'REPOSITORY', url: 'https://github.com/acme/payment-gateway', name: 'Source' },
        { type: 'ON_CALL', url: 'https://acme.pagerduty.com/service-directory/P1' },
      ],
      ownerId: 'ari:cloud:identity::team/1234',
      dependsOn: ['component:default/ledger', 'resource:default/db', 'component:default/not-imported'],
    };
    const ids = new Map([
      ['component:default/ledger', ARI('ledger')],
      ['resource:default/db', ARI('db')],
    ]);
    const file = parseYaml(compassYaml(draft, ARI('pg'), ids)) as Record<string, unknown>;
    expect(file).toEqual({
      name: draft.name,
      id: ARI('pg'),
      description: draft.description,
      configVersion: 1,
      typeId: 'SERVICE',
      ownerId: 'ari:cloud:identity::team/1234',
      fields: { lifecycle: 'Active' },
      links: [
        { type: 'REPOSITORY', url: 'https://github.com/acme/payment-gateway', name: 'Source' },
        { type: 'ON_CALL', url: 'https://acme.pagerduty.com/service-directory/P1' },
      ],
      // Only dependencies that have a component; config as code takes DEPENDS_ON only.
      relationships: { DEPENDS_ON: [ARI('db'), ARI('ledger')].sort() },
      labels: ['payments', 'tier-1'],
    });
    expect((file.name as string).length).toBeLessThanOrEqual(COMPASS_LIMITS.nameMaxLength);
  });

  it('a component with no owner, lifecycle, links, labels or dependencies still has every required key', () => {
    const draft: CompassComponentDraft = {
      entityRef: 'api:default/payments-api',
      externalAlias: { externalSource: 'backstage', externalId: 'api:default/payments-api' },
      name: 'Payments API',
      typeId: 'OTHER',
      labels: [],
      links: [],
      dependsOn: [],
    };
    expect(parseYaml(compassYaml(draft, ARI('api'), new Map()))).toEqual({
      name: 'Payments API',
      id: ARI('api'),
      configVersion: 1,
      typeId: 'OTHER',
      ownerId: null,
    });
    expect(compassYamlFileName('api:default/payments-api')).toBe('api_default_payments-api/compass.yml');
  });

  it('shortens a long ref to a folder name any file system takes, still one per ref', () => {
    const long = `component:default/${'a'.repeat(900)}`;
    const folder = compassYamlFileName(long).split('/')[0]!;
    expect(folder.length).toBeLessThanOrEqual(120);
    expect(folder.startsWith('component_default_aaa')).toBe(true);
    expect(compassYamlFileName(`${long}b`)).not.toBe(compassYamlFileName(long));
  });
});
