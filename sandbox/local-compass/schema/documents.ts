// The GraphQL documents the local Compass schema must serve: every document the SDK ships, the
// compound-mutation segments the SDK generates from them at runtime, and the project's hand-written
// documents (exported string constants in src/compass/documents/*.ts).
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import * as forgeGraphqlTypes from '@atlassian/forge-graphql-types';
import { compoundMutation, compoundSegment, type CompoundSegment } from './sdk-compound-mutations';

export type DocumentOrigin = 'sdk-export' | 'sdk-file' | 'sdk-compound' | 'project';

export interface SourceDocument {
  origin: DocumentOrigin;
  /** Where it came from, e.g. `sdk-export:GetComponent` or `project:src/compass/documents/x.ts#FIND`. */
  name: string;
  text: string;
  /** True when the document holds fragments only (the SDK's standalone fragment exports). */
  standaloneFragments: boolean;
}

export class DocumentCollectionError extends Error {
  override readonly name = 'DocumentCollectionError';
}

export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
export const PROJECT_DOCUMENTS_DIR = path.join(REPOSITORY_ROOT, 'src/compass/documents');

const TYPES_PACKAGE_DIR = path.dirname(require.resolve('@atlassian/forge-graphql-types/package.json'));
const SDK_PACKAGE_DIR = path.dirname(require.resolve('@atlassian/forge-graphql/package.json'));

export function packageVersion(
  packageName: '@atlassian/forge-graphql-types' | '@atlassian/forge-graphql',
): string {
  const dir = packageName === '@atlassian/forge-graphql' ? SDK_PACKAGE_DIR : TYPES_PACKAGE_DIR;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

export function graphqlTypesSourcePath(): string {
  return path.join(TYPES_PACKAGE_DIR, 'src/graphql-types.ts');
}

/** The SDK's exported document constants (what it really sends) and its raw `.graphql` files. */
export function sdkDocuments(): SourceDocument[] {
  const exportsByName = sdkDocumentExports();
  const exported = [...exportsByName].map(([name, text]) =>
    toSourceDocument('sdk-export', `sdk-export:${name}`, text),
  );
  const filesDir = path.join(TYPES_PACKAGE_DIR, 'src/graphQL');
  const files = fs
    .readdirSync(filesDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) =>
      toSourceDocument('sdk-file', `sdk-file:${file}`, fs.readFileSync(path.join(filesDir, file), 'utf8')),
    );
  return [...exported, ...files];
}

/**
 * The compound mutations the SDK builds at runtime: it slices each segment out of a shipped mutation with
 * its own `generateMutationGql` (rebuilt in sdk-compound-mutations.ts). The (document, field) pairs are read
 * as text from the SDK's compiled sources, not imported, so an upgrade that adds a segment is picked up; each
 * segment is emitted alone and all of them in one mutation.
 */
export function sdkCompoundMutationDocuments(): SourceDocument[] {
  const segments = [...sdkCompoundSegments()];
  const single = segments.map(([fieldName, segment]) =>
    toSourceDocument('sdk-compound', `sdk-compound:${fieldName}`, compoundMutation([segment])),
  );
  const combined = toSourceDocument(
    'sdk-compound',
    'sdk-compound:all-segments',
    compoundMutation(segments.map(([, segment]) => segment)),
  );
  return [...single, combined];
}

/** Each field the SDK sends in a compound mutation, with its segment, by field name. */
export function sdkCompoundSegments(): Map<string, CompoundSegment> {
  const exportsByName = sdkDocumentExports();
  return new Map(
    compoundSegmentPairs().map(({ exportName, fieldName }) => {
      const source = exportsByName.get(exportName);
      if (!source)
        throw new DocumentCollectionError(`SDK segment source ${exportName} is not an exported document`);
      return [fieldName, compoundSegment(source, fieldName)];
    }),
  );
}

/** Every exported string constant in src/compass/documents/*.ts that parses as a GraphQL operation. */
export function projectDocuments(dir = PROJECT_DOCUMENTS_DIR): SourceDocument[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .sort();
  const documents: SourceDocument[] = [];
  for (const file of files) {
    const fullPath = path.join(dir, file);
    // Loaded by path at runtime: the folder's files are not known when this module is compiled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const moduleExports = require(fullPath) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(moduleExports)) {
      if (typeof value !== 'string' || !isOperationDocument(value)) continue;
      const relative = path.relative(REPOSITORY_ROOT, fullPath);
      documents.push(toSourceDocument('project', `project:${relative}#${exportName}`, value));
    }
  }
  return documents;
}

export function allDocuments(): SourceDocument[] {
  return [...sdkDocuments(), ...sdkCompoundMutationDocuments(), ...projectDocuments()];
}

function sdkDocumentExports(): Map<string, string> {
  const documents = new Map<string, string>();
  // The package's entry point exports its documents beside its types; enums are objects, documents strings.
  for (const [name, value] of Object.entries(forgeGraphqlTypes as Record<string, unknown>)) {
    if (typeof value === 'string') documents.set(name, value);
  }
  if (documents.size === 0)
    throw new DocumentCollectionError('@atlassian/forge-graphql-types exports no documents');
  return documents;
}

function compoundSegmentPairs(): { exportName: string; fieldName: string }[] {
  const callSite = /generateMutationGql[\w.]*\)\(/g;
  const pairCall = /generateMutationGql[\w.]*\)\(\s*[\w$]+\.(\w+),\s*'(\w+)'\s*\)/g;
  const pairs = new Map<string, { exportName: string; fieldName: string }>();
  for (const file of jsFiles(path.join(SDK_PACKAGE_DIR, 'dist/src'))) {
    const source = fs.readFileSync(file, 'utf8');
    const matches = [...source.matchAll(pairCall)];
    // A call shape the regex misses would silently drop a segment from the schema: refuse instead.
    if (matches.length !== (source.match(callSite)?.length ?? 0)) {
      throw new DocumentCollectionError(
        `${path.relative(SDK_PACKAGE_DIR, file)} calls generateMutationGql in a shape this collector cannot read`,
      );
    }
    for (const [, exportName = '', fieldName = ''] of matches) {
      pairs.set(`${exportName}:${fieldName}`, { exportName, fieldName });
    }
  }
  if (pairs.size === 0) throw new DocumentCollectionError('no generateMutationGql call found in the SDK');
  return [...pairs.values()].sort((a, b) => a.fieldName.localeCompare(b.fieldName));
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

function isOperationDocument(text: string): boolean {
  try {
    return parse(text).definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
}

function toSourceDocument(origin: DocumentOrigin, name: string, text: string): SourceDocument {
  let standaloneFragments = false;
  try {
    standaloneFragments = parse(text).definitions.every(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION,
    );
  } catch {
    // Unparseable documents surface as pruning/validation errors with their name.
  }
  return { origin, name, text, standaloneFragments };
}
