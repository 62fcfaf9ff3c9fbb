// How the Metrics tab words what the admin resolver sends and builds what it saves: pure, tested without a browser.
import type { CustomMetric, MetricsView } from './admin-operations';

export type MetricView = MetricsView['metrics'][number];
export type CustomMetricSourceType = CustomMetric['source']['type'];

/** A metric's unit as a person reads it: '0/1' → "Yes (1) or no (0)"; an admin's own unit as written. */
export function unitInWords(unit: string): string {
  switch (unit) {
    case '0/1':
      return 'Yes (1) or no (0)';
    case '%':
      return 'Percent';
    case 'count':
      return 'Count';
    case 'days':
      return 'Days';
    case '':
      return 'No unit';
    default:
      return unit;
  }
}

/** "Components with a value": none before the first push. */
export function componentsWithValueInWords(count: number | null): string {
  if (count === null) return 'Not pushed yet';
  return `${count} component${count === 1 ? '' : 's'}`;
}

export const SOURCE_TYPES: { value: CustomMetricSourceType; label: string }[] = [
  { value: 'annotation', label: 'An annotation' },
  { value: 'label', label: 'A label' },
  { value: 'spec', label: 'A spec field' },
  { value: 'relation-count', label: 'A count of relations' },
];

export const METRIC_KIND_CHOICES: { value: string; label: string }[] = [
  { value: 'component', label: 'Components' },
  { value: 'api', label: 'APIs' },
  { value: 'resource', label: 'Resources' },
];

/** The editor's fields as typed: text everywhere, the value map as rows. */
export interface CustomMetricDraft {
  name: string;
  unit: string;
  kinds: string[];
  sourceType: CustomMetricSourceType;
  /** The annotation or label key, the spec path, or the relation type, by source type. */
  field: string;
  valueMap: { text: string; value: string }[];
}

export function emptyDraft(): CustomMetricDraft {
  return { name: '', unit: '', kinds: ['component'], sourceType: 'spec', field: '', valueMap: [] };
}

/** What the field box is called for a source type. */
export function fieldLabel(sourceType: CustomMetricSourceType): string {
  switch (sourceType) {
    case 'annotation':
      return 'Annotation key';
    case 'label':
      return 'Label key';
    case 'spec':
      return 'Spec field (e.g. spec.lifecycle)';
    case 'relation-count':
      return 'Relation type (e.g. dependsOn)';
  }
}

/**
 * The metric the resolver checks. Value map rows with no text are left out; a value that is not a number is sent
 * as it is typed, so the server's refusal names that row.
 */
export function customMetricOf(draft: CustomMetricDraft): CustomMetric {
  const field = draft.field.trim();
  const base = { name: draft.name.trim(), unit: draft.unit.trim(), kinds: draft.kinds };
  if (draft.sourceType === 'relation-count') {
    return { ...base, source: { type: 'relation-count', relationType: field } };
  }
  const rows = draft.valueMap.filter((row) => row.text.trim() !== '');
  const valueMap =
    rows.length > 0
      ? Object.fromEntries(
          rows.map((row) => [row.text.trim(), row.value.trim() === '' ? NaN : Number(row.value)]),
        )
      : undefined;
  const withMap = valueMap ? { valueMap } : {};
  if (draft.sourceType === 'spec') return { ...base, source: { type: 'spec', path: field, ...withMap } };
  return { ...base, source: { type: draft.sourceType, key: field, ...withMap } };
}

const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  unit: 'unit',
  kinds: 'kinds',
  source: 'source',
  'source.type': 'source type',
  'source.key': 'key',
  'source.path': 'spec field',
  'source.relationType': 'relation type',
  'source.valueMap': 'value map',
};

/**
 * A refusal's field path in words: `customMetrics.2.source.key` → "metric 3 (Tier): key", `annotationSet` →
 * "annotation set". `names` are the metric names in the order sent.
 */
export function fieldInWords(field: string, names: readonly string[] = []): string {
  if (field === 'annotationSet' || field.startsWith('annotationSet.')) return 'annotation set';
  if (field.startsWith('enabled.')) return 'turning a metric on or off';
  const custom = /^(?:customMetrics|metrics|metric)(?:\.(\d+))?(?:\.(.+))?$/.exec(field);
  if (custom) {
    const [, index, rest] = custom;
    const name = index === undefined ? undefined : names[Number(index)];
    const which =
      index === undefined ? 'your metrics' : name ? `metric "${name}"` : `metric ${Number(index) + 1}`;
    if (!rest) return which;
    const words = FIELD_WORDS[rest] ?? (rest.startsWith('source.valueMap') ? 'value map' : 'a field');
    return `${which}: ${words}`;
  }
  if (field === 'limit') return 'number of entities';
  return 'a field';
}

/** "Created", "Created; applied to the imported components on the next import", "Not created yet". */
export function scorecardInWords(scorecard: MetricsView['scorecard']): string {
  if (!scorecard.created) return 'Not created yet';
  return scorecard.applied ? 'Created; applied to the imported components by the next import' : 'Created';
}
