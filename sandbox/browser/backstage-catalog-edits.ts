// The sandbox's editable demo catalog changed from outside the app, for the sync's browser test and the screenshot
// script: Components removed as a catalog owner would (gone from their file), and deleted through Backstage's API
// too, so the test need not wait the ~30 s of Backstage's orphan cleanup. Only on a sandbox started with its own
// `editableCatalogDir` (never the shared test Backstage).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { SandboxBackstage } from '../server/start-sandbox';

const COMPONENTS_FILE = 'components.yaml';
/** Long enough for a catalog pass that began before the file changed to have come and gone (it re-reads every 2 s). */
const SETTLE_MS = 5_000;

/** A fresh folder for a sandbox's editable catalog (`editableCatalogDir`); the caller removes it when done. */
export function temporaryCatalogDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'editable-catalog-'));
}

/** Deletes the named Components (namespace default) from the editable catalog's file and from Backstage. */
export async function removeComponentsFromCatalog(
  backstage: SandboxBackstage,
  names: readonly string[],
): Promise<void> {
  if (!backstage.catalogDir) throw new Error('the sandbox was started without an editable catalog');
  const componentsFile = path.join(backstage.catalogDir, COMPONENTS_FILE);
  const documents = parseAllDocuments(fs.readFileSync(componentsFile, 'utf8')).map(
    (document) => document.toJS() as { metadata?: { name?: string } } | null,
  );
  const kept = documents.filter((entity) => !names.includes(entity?.metadata?.name ?? ''));
  if (documents.length - kept.length !== names.length)
    throw new Error(`${COMPONENTS_FILE} does not hold every one of ${names.join(', ')}`);
  fs.writeFileSync(componentsFile, kept.map((entity) => stringify(entity)).join('---\n'));

  const headers = { authorization: `Bearer ${backstage.token}` };
  const byName = (name: string) =>
    fetch(`${backstage.baseUrl}/api/catalog/entities/by-name/component/default/${name}`, { headers });
  for (const name of names) {
    const found = await byName(name);
    if (found.status !== 200) throw new Error(`Backstage has no component ${name}: HTTP ${found.status}`);
    const { metadata } = (await found.json()) as { metadata: { uid: string } };
    const deleted = await fetch(`${backstage.baseUrl}/api/catalog/entities/by-uid/${metadata.uid}`, {
      method: 'DELETE',
      headers,
    });
    if (deleted.status !== 204) throw new Error(`Backstage did not delete ${name}: HTTP ${deleted.status}`);
  }
  // Gone, and still gone after a pass over the changed file.
  for (const wait of [0, SETTLE_MS]) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const answers = await Promise.all(names.map(async (name) => (await byName(name)).status));
    if (answers.some((status) => status !== 404))
      throw new Error(`Backstage still serves some of ${names.join(', ')}`);
  }
}
