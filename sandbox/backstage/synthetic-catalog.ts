// Generated Components for benchmarks and load tests: believable enough to exercise the mapping (owner, system,
// tags, an API consumed, a dependency chain), all valid, all pointing at fixture-catalog entities.
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

/** `count` Components named synthetic-00000…, each depending on the one before it. */
export function syntheticComponentsYaml(count: number): string {
  const documents: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = syntheticComponentName(i);
    documents.push(
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: `Generated component ${i} for load tests.`,
          tags: ['synthetic', `batch-${Math.floor(i / 100)}`],
          annotations: {
            'github.com/project-slug': `brightpay-eng/${name}`,
            'backstage.io/source-location': `url:https://github.com/brightpay-eng/${name}/tree/main/`,
          },
        },
        spec: {
          type: TYPES[i % TYPES.length],
          lifecycle: LIFECYCLES[i % LIFECYCLES.length],
          owner: TEAMS[i % TEAMS.length],
          system: SYSTEMS[i % SYSTEMS.length],
          consumesApis: [APIS[i % APIS.length]],
          ...(i > 0 ? { dependsOn: [`component:${syntheticComponentName(i - 1)}`] } : {}),
        },
      }),
    );
  }
  return documents.join('---\n');
}
