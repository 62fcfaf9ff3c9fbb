// A Backstage catalog changed from outside the app, for the sync's browser test and the screenshot script: an embedded
// Backstage on a copy of the fixture catalog (never the project's own files, never the shared test Backstage), and
// Components removed from it as a catalog owner would (gone from their file, and deleted through Backstage's API so
// the catalog need not wait for its next pass over the file).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../backstage/embedded-backstage';
import { FIXTURE_CATALOG_FILES } from '../backstage/fixture-catalog';

export interface EditableBackstage {
  backstage: EmbeddedBackstage;
  /** Deletes the named Components (namespace default) from the catalog file and from Backstage. */
  removeComponents(names: readonly string[]): Promise<void>;
  /** Stops Backstage and removes the copy of the catalog. */
  stop(): Promise<void>;
}

const COMPONENTS_FILE = 'components.yaml';
/** Long enough for a catalog pass that began before the file changed to have come and gone. */
const SETTLE_MS = 5_000;

export async function startEditableBackstage(): Promise<EditableBackstage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'editable-catalog-'));
  const files = FIXTURE_CATALOG_FILES.map((file) => {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    return copy;
  });
  const backstage = await startEmbeddedBackstage({ catalogFiles: files, processingIntervalSeconds: 2 });
  const headers = { authorization: `Bearer ${backstage.token}` };
  const byName = (name: string) =>
    fetch(`${backstage.baseUrl}/api/catalog/entities/by-name/component/default/${name}`, { headers });

  return {
    backstage,
    async removeComponents(names) {
      const componentsFile = path.join(dir, COMPONENTS_FILE);
      const documents = parseAllDocuments(fs.readFileSync(componentsFile, 'utf8')).map(
        (document) => document.toJS() as { metadata?: { name?: string } } | null,
      );
      const kept = documents.filter((entity) => !names.includes(entity?.metadata?.name ?? ''));
      if (documents.length - kept.length !== names.length)
        throw new Error(`${COMPONENTS_FILE} does not hold every one of ${names.join(', ')}`);
      fs.writeFileSync(componentsFile, kept.map((entity) => stringify(entity)).join('---\n'));
      for (const name of names) {
        const found = await byName(name);
        if (found.status !== 200) throw new Error(`Backstage has no component ${name}: HTTP ${found.status}`);
        const { metadata } = (await found.json()) as { metadata: { uid: string } };
        const deleted = await fetch(`${backstage.baseUrl}/api/catalog/entities/by-uid/${metadata.uid}`, {
          method: 'DELETE',
          headers,
        });
        if (deleted.status !== 204)
          throw new Error(`Backstage did not delete ${name}: HTTP ${deleted.status}`);
      }
      // Gone, and still gone after a pass over the changed file.
      for (const wait of [0, SETTLE_MS]) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        const answers = await Promise.all(names.map(async (name) => (await byName(name)).status));
        if (answers.some((status) => status !== 404))
          throw new Error(`Backstage still serves some of ${names.join(', ')}`);
      }
    },
    async stop() {
      await backstage.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
