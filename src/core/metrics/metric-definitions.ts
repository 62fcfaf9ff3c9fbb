// The app's scorecard metrics: what each is called in Compass, its unit, and which entities it is computed for.
import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import { ANNOTATION_GITHUB_PROJECT_SLUG, ANNOTATION_TECHDOCS_REF } from '../mapping/links';

export const ANNOTATION_TECHDOCS_ENTITY = 'backstage.io/techdocs-entity';
export const ANNOTATION_ORPHAN = 'backstage.io/orphan';
export const ANNOTATION_PAGERDUTY_SERVICE_ID = 'pagerduty.com/service-id';
export const ANNOTATION_SONARQUBE_PROJECT_KEY = 'sonarqube.org/project-key';

/** Every app-owned definition's name starts so: an admin's metric gets it too, so they sort together in Compass. */
export const METRIC_NAME_PREFIX = 'Backstage: ';

/**
 * Compass publishes no limit for a definition's description; we keep to 255 characters, a length every text field
 * of Compass's metric API has accepted (a guess, checked by the tests for every definition the app makes).
 */
export const METRIC_DESCRIPTION_MAX_LENGTH = 255;

/** A description cut to METRIC_DESCRIPTION_MAX_LENGTH, with an ellipsis where cut. */
export function cutDescription(text: string): string {
  return text.length <= METRIC_DESCRIPTION_MAX_LENGTH
    ? text
    : `${text.slice(0, METRIC_DESCRIPTION_MAX_LENGTH - 1)}…`;
}

/** Where an admin's metric reads its number (see `custom-metrics.ts`). */
export type CustomMetricSource =
  | { type: 'annotation'; key: string; valueMap?: Record<string, number> }
  | { type: 'label'; key: string; valueMap?: Record<string, number> }
  | { type: 'spec'; path: string; valueMap?: Record<string, number> }
  | { type: 'relation-count'; relationType: string };

export interface MetricDefinitionSpec {
  /**
   * Stable id the app stores things under: a `BuiltInMetricKey` for the built-ins, `custom:<slug of its name>` for
   * an admin's metric.
   */
  key: string;
  /** The Compass metric definition's name. */
  name: string;
  /** How it is computed, in plain words: the Compass definition's description (≤ METRIC_DESCRIPTION_MAX_LENGTH). */
  description: string;
  /** Compass format suffix, the unit shown after the value ('' for an admin's metric without a unit). */
  suffix: string;
  /** The unit as the admin page names it: '0/1' | '%' | 'count' | 'days' | an admin's own. */
  unit: string;
  /** Lower-case kinds it is computed for. */
  kinds: readonly string[];
  /** Only on an admin's metric: where its value is read. */
  source?: CustomMetricSource;
  /** Only on a Tech Insights check's metric: the check's id in Backstage. */
  checkId?: string;
}

/** The kinds the built-in metrics are computed for: what the app imports by default. */
export const METRIC_KINDS: readonly string[] = ['component', 'api', 'resource'];

export const BUILT_IN_METRIC_KEYS = [
  'techdocs',
  'owner-in-catalog',
  'documented-apis',
  'annotation-coverage',
  'dependencies',
  'dependents',
  'deprecated-dependencies',
  'catalog-errors',
  'orphaned',
  'days-since-change',
] as const;
export type BuiltInMetricKey = (typeof BUILT_IN_METRIC_KEYS)[number];

interface BuiltInMetricSpec extends MetricDefinitionSpec {
  key: BuiltInMetricKey;
}

// Compass shows the suffix after the value: a 0/1 metric reads "1/1" or "0/1", a count "3 dependencies".
function builtIn(key: BuiltInMetricKey, name: string, unit: string, suffix: string, description: string) {
  return { key, name: `${METRIC_NAME_PREFIX}${name}`, description, suffix, unit, kinds: METRIC_KINDS };
}

export const BUILT_IN_METRICS: readonly BuiltInMetricSpec[] = [
  builtIn(
    'techdocs',
    'TechDocs',
    '0/1',
    '/1',
    '1 when the Backstage entity has TechDocs (annotation backstage.io/techdocs-ref or backstage.io/techdocs-entity), else 0.',
  ),
  builtIn(
    'owner-in-catalog',
    'Owner in catalog',
    '0/1',
    '/1',
    "1 when spec.owner names a Group or User that exists in the Backstage catalog (a short name means a Group in the entity's namespace), else 0.",
  ),
  builtIn(
    'documented-apis',
    'Documented APIs',
    '%',
    '%',
    'Share of the APIs the entity provides whose spec.definition is not empty, rounded down to a whole percent (100 means all). No value when it provides none.',
  ),
  builtIn(
    'annotation-coverage',
    'Annotation coverage',
    '%',
    '%',
    "Share of the annotation set chosen on the app's admin page that the entity has, rounded down to a whole percent (100 means all).",
  ),
  builtIn(
    'dependencies',
    'Dependencies',
    'count',
    'dependencies',
    'Number of distinct entities the Backstage entity depends on or whose APIs it consumes (relations dependsOn and consumesApi).',
  ),
  builtIn(
    'dependents',
    'Dependents',
    'count',
    'dependents',
    'Number of distinct entities that depend on the Backstage entity or consume it as an API (relations dependencyOf and apiConsumedBy).',
  ),
  builtIn(
    'deprecated-dependencies',
    'Deprecated dependencies',
    'count',
    'deprecated',
    "Number of the entity's dependencies (dependsOn and consumesApi) whose spec.lifecycle in Backstage is deprecated.",
  ),
  builtIn(
    'catalog-errors',
    'Catalog errors',
    'count',
    'errors',
    "Number of error-level items in the entity's status in the Backstage catalog: processing errors such as an invalid ref or an unreadable file.",
  ),
  builtIn(
    'orphaned',
    'Orphaned',
    '0/1',
    '/1',
    '1 when Backstage marks the entity as orphaned (annotation backstage.io/orphan is true): the location that defined it no longer does. Else 0.',
  ),
  builtIn(
    'days-since-change',
    'Days since change',
    'days',
    'days',
    "Whole days since the app first saw the Backstage entity's current content (its metadata and spec; relations and status do not count).",
  ),
];

/**
 * The annotations Annotation coverage counts by default: where the source is, the GitHub repository, PagerDuty,
 * SonarQube and TechDocs.
 */
export const DEFAULT_ANNOTATION_SET: readonly string[] = [
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_SONARQUBE_PROJECT_KEY,
  ANNOTATION_TECHDOCS_REF,
];
