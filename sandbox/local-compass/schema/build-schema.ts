// Regenerates compass-subset.graphql: `npx tsx sandbox/local-compass/schema/build-schema.ts`.
// Reconstructs the full schema from @atlassian/forge-graphql-types' generated TypeScript, prunes it to the
// documents in ./documents.ts plus the root fields below, validates every document against the result and
// writes it. Fails (exit 1) when any document names a field, type or argument the schema lacks.
import fs from 'node:fs';
import path from 'node:path';
import { allDocuments, graphqlTypesSourcePath, packageVersion } from './documents';
import { pruneSchema, type KeepWholeRootField, type PruneResult } from './prune-schema';
import { reconstructSchemaModel, type SchemaModel } from './schema-model';

export const SCHEMA_OUTPUT_PATH = path.join(__dirname, 'compass-subset.graphql');

/**
 * Root fields kept "whole" for the app's gateway and later hand-written documents: all arguments, and the
 * result type's leaf fields down to `depth` levels. Payloads get 3 (payload -> errors -> extensions);
 * component reads get 3 (result union -> component -> links/labels/fields/...).
 */
export const KEEP_WHOLE_ROOT_FIELDS: KeepWholeRootField[] = [
  ...[
    'compass.component',
    'compass.componentByExternalAlias',
    'compass.searchComponents',
    'compass.componentTypes',
    'compass.scorecards',
    'team.teamSearchV2',
  ].map((field) => ({ path: `Query.${field}`, depth: 3 })),
  { path: 'Query.tenantContexts', depth: 2 },
  ...[
    'createComponent',
    'updateComponent',
    'updateComponentType',
    'deleteComponent',
    'createComponentExternalAlias',
    'deleteComponentExternalAlias',
    'createComponentLink',
    'deleteComponentLink',
    'addComponentLabels',
    'removeComponentLabels',
    'createRelationship',
    'deleteRelationship',
    'createMetricDefinition',
    'createMetricSource',
    'insertMetricValueByExternalId',
    'insertMetricValue',
    'createScorecard',
    'applyScorecardToComponent',
  ].map((field) => ({ path: `Mutation.compass.${field}`, depth: 3 })),
];

/** Concrete types the local Compass returns for interfaces that documents select only abstractly. */
export const KEEP_TYPES = [
  'GenericQueryErrorExtension',
  'GenericMutationErrorExtension',
  'CompassScorecardAutomaticApplicationModel',
  'CompassScorecardManualApplicationModel',
  // What `users(accountIds)` answers for a person (the interface User has other implementations too).
  'AtlassianAccountUser',
];

export interface SchemaBuild extends PruneResult {
  fullTypeCount: number;
  documentCount: number;
  timingsMs: { reconstruct: number; prune: number; total: number };
}

export function loadFullSchemaModel(): SchemaModel {
  return reconstructSchemaModel(fs.readFileSync(graphqlTypesSourcePath(), 'utf8'));
}

/** Reconstructs (or takes) the full model, prunes it to the documents and validates them. */
export function buildCompassSubsetSchema(fullModel?: SchemaModel): SchemaBuild {
  const started = performance.now();
  const model = fullModel ?? loadFullSchemaModel();
  const reconstructed = performance.now();
  const documents = allDocuments();
  const result = pruneSchema(model, {
    documents,
    keepWhole: KEEP_WHOLE_ROOT_FIELDS,
    keepTypes: KEEP_TYPES,
    header: schemaHeader(),
  });
  const finished = performance.now();
  return {
    ...result,
    fullTypeCount: model.types.size,
    documentCount: documents.length,
    timingsMs: {
      reconstruct: Math.round(reconstructed - started),
      prune: Math.round(finished - reconstructed),
      total: Math.round(finished - started),
    },
  };
}

function schemaHeader(): string {
  return [
    '# Compass GraphQL schema subset for the local Compass (sandbox/local-compass).',
    `# Derived from @atlassian/forge-graphql-types ${packageVersion('@atlassian/forge-graphql-types')}` +
      ' (Copyright Atlassian, Apache License 2.0): reconstructed from its generated',
    '# src/graphql-types.ts and pruned to the documents of @atlassian/forge-graphql ' +
      `${packageVersion('@atlassian/forge-graphql')}, its compound-mutation`,
    '# segments, src/compass/documents/*.ts and the root fields listed in build-schema.ts.',
    '# Argument defaults and descriptions are not recoverable from the generated types.',
    '# Do not edit. Regenerate: npx tsx sandbox/local-compass/schema/build-schema.ts',
    '',
    '',
  ].join('\n');
}

if (require.main === module) {
  const build = buildCompassSubsetSchema();
  fs.writeFileSync(SCHEMA_OUTPUT_PATH, build.sdl);
  const lines = build.sdl.split('\n').length;
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), SCHEMA_OUTPUT_PATH)}: ${lines} lines, ${build.typeCount} types, ` +
      `${build.fieldCount} fields (full schema: ${build.fullTypeCount} types; ${build.documentCount} documents).\n` +
      `Timings: reconstruct ${build.timingsMs.reconstruct} ms, prune+validate ${build.timingsMs.prune} ms, ` +
      `total ${build.timingsMs.total} ms.\n` +
      (build.fillerFields.length > 0 ? `Filler fields: ${build.fillerFields.join(', ')}\n` : '') +
      (build.interfacesWithoutImplementations.length > 0
        ? `Interfaces without implementations (resolvers return none): ${build.interfacesWithoutImplementations.join(', ')}\n`
        : ''),
  );
}
