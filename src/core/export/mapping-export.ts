// The catalog mapping in portable forms (issue 13, "Export"): which Backstage entity became which Compass
// component, as CSV and JSON, and one Compass config-as-code file (`compass.yml`) per imported component. Pure,
// so the catalog work is never trapped in Compass or in the app's storage.
import type { CompassComponentDraft } from '../compass-component-draft';
import { contentHashOf } from '../sync/draft-hash';

/** One imported entity and the Compass component it became. */
export interface MappingExportRow {
  entityRef: string;
  componentId: string;
  /** The component's page in Compass, when the site is known. */
  componentUrl?: string;
  name: string;
  typeId: string;
  /** When the app last wrote or confirmed the component (ISO 8601). */
  lastSyncedAt?: string;
}

export const MAPPING_EXPORT_COLUMNS = [
  'entityRef',
  'componentId',
  'componentUrl',
  'name',
  'typeId',
  'lastSyncedAt',
] as const satisfies readonly (keyof MappingExportRow)[];

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a cell gets a
// leading apostrophe, which spreadsheets show as text and which a reader of the raw file can strip.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | undefined): string {
  const text = value ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header row and CRLF line ends, rows sorted by entity ref so two exports diff cleanly. */
export function mappingCsv(rows: readonly MappingExportRow[]): string {
  const lines = [MAPPING_EXPORT_COLUMNS.join(',')];
  for (const row of sortedRows(rows)) {
    lines.push(MAPPING_EXPORT_COLUMNS.map((column) => csvCell(row[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The same rows as JSON: `{ exportedAt, components: [...] }`, sorted by entity ref. */
export function mappingJson(rows: readonly MappingExportRow[], exportedAt: string): string {
  const components = sortedRows(rows).map((row) =>
    Object.fromEntries(
      MAPPING_EXPORT_COLUMNS.flatMap((column) => (row[column] === undefined ? [] : [[column, row[column]]])),
    ),
  );
  return `${JSON.stringify({ exportedAt, components }, null, 2)}\n`;
}

function sortedRows(rows: readonly MappingExportRow[]): MappingExportRow[] {
  return [...rows].sort((a, b) => (a.entityRef < b.entityRef ? -1 : a.entityRef > b.entityRef ? 1 : 0));
}

/** A YAML scalar: JSON's double-quoted string is valid YAML and needs no other escaping rules. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * A component's `compass.yml` (Compass config as code, `configVersion: 1`) from the mapped draft: name, id,
 * description, type, owner, lifecycle, labels, links, and DEPENDS_ON as the component ids of the dependencies
 * that have one (config as code takes only DEPENDS_ON; a dependency with no component is left out).
 */
export function compassYaml(
  draft: CompassComponentDraft,
  componentId: string,
  componentIdsByRef: ReadonlyMap<string, string>,
): string {
  const lines = [
    `# Backstage entity ${draft.entityRef}, exported by Backstage for Compass`,
    `name: ${yamlString(draft.name)}`,
    `id: ${yamlString(componentId)}`,
  ];
  if (draft.description) lines.push(`description: ${yamlString(draft.description)}`);
  lines.push('configVersion: 1', `typeId: ${draft.typeId}`);
  lines.push(`ownerId: ${draft.ownerId ? yamlString(draft.ownerId) : 'null'}`);
  if (draft.lifecycle) lines.push('fields:', `  lifecycle: ${yamlString(draft.lifecycle)}`);
  if (draft.links.length > 0) {
    lines.push('links:');
    for (const link of draft.links) {
      lines.push(`  - type: ${link.type}`, `    url: ${yamlString(link.url)}`);
      if (link.name) lines.push(`    name: ${yamlString(link.name)}`);
    }
  }
  const dependsOn = [...new Set(draft.dependsOn)]
    .map((ref) => componentIdsByRef.get(ref))
    .filter((id): id is string => id !== undefined)
    .sort();
  if (dependsOn.length > 0) {
    lines.push('relationships:', '  DEPENDS_ON:', ...dependsOn.map((id) => `    - ${yamlString(id)}`));
  }
  if (draft.labels.length > 0)
    lines.push('labels:', ...draft.labels.map((label) => `  - ${yamlString(label)}`));
  return `${lines.join('\n')}\n`;
}

// A folder name longer than a file system takes (255 bytes on most) could not be extracted.
const MAX_FOLDER_NAME = 120;

/** A file name for a component's compass.yml in an archive: the entity ref made path-safe (long ones shortened). */
export function compassYamlFileName(entityRef: string): string {
  const safe = entityRef.replace(/[^a-z0-9._-]+/gi, '_');
  const folder =
    safe.length <= MAX_FOLDER_NAME
      ? safe
      : `${safe.slice(0, MAX_FOLDER_NAME - 12)}-${contentHashOf(entityRef).slice(0, 11)}`;
  return `${folder}/compass.yml`;
}
