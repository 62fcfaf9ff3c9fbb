// Generated Components for benchmarks and load tests: believable enough to exercise the mapping (owner, system,
// tags, an API consumed, a dependency chain), all valid, all pointing at fixture-catalog entities.
import type { Entity } from '@backstage/catalog-model';
import { stringify } from 'yaml';

const TEAMS = ['payments-team', 'risk-team', 'platform-team', 'merchant-experience-team', 'data-team'];
const SYSTEMS = ['payment-processing', 'fraud-detection', 'merchant-portal', 'data-platform'];
const TYPES = ['service', 'service', 'service', 'website', 'library', 'data-pipeline'];
const LIFECYCLES = ['production', 'production', 'experimental', 'deprecated'];
const APIS = [
  'payments-api',
  'ledger-grpc-api',
  'merchant-graphql-api',
  'payment-events-api',
  'fraud-scoring-api',
];

export function syntheticComponentName(index: number): string {
  return `synthetic-${String(index).padStart(5, '0')}`;
}

function cycle(values: readonly string[], index: number): string {
  return values[index % values.length]!;
}

/** Synthetic Component number `index` as written in the catalog file: depends on the one before it. */
export function syntheticComponentEntity(index: number): Entity {
  const name = syntheticComponentName(index);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: `Generated component ${index} for load tests.`,
      tags: ['synthetic', `batch-${Math.floor(index / 100)}`],
      annotations: {
        'github.com/project-slug': `brightpay-eng/${name}`,
        'backstage.io/source-location': `url:https://github.com/brightpay-eng/${name}/tree/main/`,
      },
    },
    spec: {
      type: cycle(TYPES, index),
      lifecycle: cycle(LIFECYCLES, index),
      owner: cycle(TEAMS, index),
      system: cycle(SYSTEMS, index),
      consumesApis: [cycle(APIS, index)],
      ...(index > 0 ? { dependsOn: [`component:${syntheticComponentName(index - 1)}`] } : {}),
    },
  };
}

/** `count` Components named synthetic-00000…, each depending on the one before it. */
export function syntheticComponentsYaml(count: number): string {
  const documents: string[] = [];
  for (let i = 0; i < count; i += 1) documents.push(stringify(syntheticComponentEntity(i)));
  return documents.join('---\n');
}
