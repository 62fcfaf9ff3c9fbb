// The committed schema subset serves every document the SDK ships (and the project's own), rejects what the
// schema lacks, and is what the generator produces today: an SDK upgrade that selects new fields fails here.
import fs from 'node:fs';
import { parse, validate } from 'graphql';
import { buildCompassSubsetSchema, loadFullSchemaModel } from './build-schema';
import { COMPASS_SUBSET_SCHEMA_PATH, loadCompassSubsetSchema } from './compass-schema';
import path from 'node:path';
import {
  projectDocuments,
  sdkCompoundMutationDocuments,
  sdkDocuments,
  type SourceDocument,
} from './documents';
import { pruneSchema, SchemaPruneError, validateSourceDocument } from './prune-schema';
import type { SchemaModel } from './schema-model';

const schema = loadCompassSubsetSchema();
const shipped = sdkDocuments();
const compound = sdkCompoundMutationDocuments();
const project = projectDocuments();
let fullModel: SchemaModel | undefined;
const model = () => (fullModel ??= loadFullSchemaModel());

function errorsOf(document: SourceDocument): string[] {
  return validateSourceDocument(schema, document).map((error) => error.message);
}

describe('documents the SDK ships', () => {
  it('are all collected: the exported constants and the raw .graphql files', () => {
    const exported = shipped.filter((document) => document.origin === 'sdk-export');
    const files = shipped.filter((document) => document.origin === 'sdk-file');
    // 41 operations + 6 standalone fragment exports; 41 .graphql files (compass-api.md §4.1).
    expect(exported.filter((document) => !document.standaloneFragments)).toHaveLength(41);
    expect(exported.filter((document) => document.standaloneFragments)).toHaveLength(6);
    expect(files).toHaveLength(41);
  });

  it.each(shipped.map((document) => [document.name, document] as const))(
    '%s validates',
    (_name, document) => {
      expect(errorsOf(document)).toEqual([]);
    },
  );

  it('standalone fragment exports fail only the "fragment never used" rule', () => {
    const fragments = shipped.filter((document) => document.standaloneFragments);
    for (const document of fragments) {
      const all = validate(schema, parse(document.text)).map((error) => error.message);
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((message) => /is never used/.test(message))).toBe(true);
    }
  });
});

describe('compound mutations the SDK generates', () => {
  it('cover every segment the SDK slices out of its documents', () => {
    expect(compound.map((document) => document.name.replace('sdk-compound:', '')).sort()).toEqual(
      [
        'addComponentLabels',
        'all-segments',
        'attachComponentDataManager',
        'createCompassEvent',
        'createComponentLink',
        'createRelationship',
        'deleteComponentLink',
        'deleteRelationship',
        'detachComponentDataManager',
        'detachEventSource',
        'removeComponentLabels',
        'updateComponent',
        'updateComponentType',
      ].sort(),
    );
  });

  it.each(compound.map((document) => [document.name, document] as const))(
    '%s validates',
    (_name, document) => {
      expect(errorsOf(document)).toEqual([]);
    },
  );
});

describe('project documents (src/compass/documents)', () => {
  it('are collected from every exported string that parses as an operation, and nothing else', () => {
    const collected = projectDocuments(path.join(__dirname, 'test-fixtures/documents'));
    expect(collected.map((document) => document.name)).toEqual([
      'project:sandbox/local-compass/schema/test-fixtures/documents/component-documents.ts#FIND_COMPONENT_NAME',
      'project:sandbox/local-compass/schema/test-fixtures/documents/component-documents.ts#RENAME_COMPONENT',
    ]);
    expect(projectDocuments(path.join(__dirname, 'test-fixtures/no-such-folder'))).toEqual([]);
  });

  it('fixture documents validate like the real ones will', () => {
    const collected = projectDocuments(path.join(__dirname, 'test-fixtures/documents'));
    expect(collected.flatMap(errorsOf)).toEqual([]);
  });

  it('every exported operation validates against the subset', () => {
    const failures = project.flatMap((document) =>
      errorsOf(document).map((message) => `${document.name}: ${message}`),
    );
    expect(failures).toEqual([]);
  });
});

describe('a wrong document', () => {
  const wrong = `query wrong($id: ID!) { compass { component(id: $id) { ... on CompassComponent { id notAField } } } }`;

  it('is rejected by validation against the subset', () => {
    const errors = validate(schema, parse(wrong)).map((error) => error.message);
    expect(errors).toEqual([
      expect.stringContaining('Cannot query field "notAField" on type "CompassComponent"'),
    ]);
  });

  it('makes pruning fail loudly, naming the missing field', () => {
    const run = () =>
      pruneSchema(model(), {
        documents: [{ origin: 'project', name: 'project:wrong', text: wrong, standaloneFragments: false }],
        keepWhole: [],
        keepTypes: [],
      });
    expect(run).toThrow(SchemaPruneError);
    expect(run).toThrow(/field CompassComponent\.notAField does not exist in the reconstructed schema/);
  });
});

describe('the committed schema', () => {
  it('is exactly what build-schema.ts generates from the installed packages and documents', () => {
    const build = buildCompassSubsetSchema(model());
    const committed = fs.readFileSync(COMPASS_SUBSET_SCHEMA_PATH, 'utf8');
    // On failure: run `npx tsx sandbox/local-compass/schema/build-schema.ts` and commit the result.
    expect(committed === build.sdl).toBe(true);
  });

  it('credits the Apache-2.0 source package and says how to regenerate', () => {
    const header = fs.readFileSync(COMPASS_SUBSET_SCHEMA_PATH, 'utf8').split('\n').slice(0, 8).join('\n');
    expect(header).toMatch(/@atlassian\/forge-graphql-types 4\.3\.0/);
    expect(header).toMatch(/Apache License 2\.0/);
    expect(header).toMatch(/npx tsx sandbox\/local-compass\/schema\/build-schema\.ts/);
  });
});
