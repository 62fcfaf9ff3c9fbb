// An admin's own metrics: each reads one entity field (an annotation, a label, a spec field) as a number or through a
// value map, or counts a relation's targets. Checked and normalised here; computed like the built-ins.
import { InvalidRequestError } from '../invalid-request';
import {
  BUILT_IN_METRICS,
  cutDescription,
  METRIC_KINDS,
  METRIC_NAME_PREFIX,
  type CustomMetricSource,
  type MetricDefinitionSpec,
} from './metric-definitions';

export interface CustomMetric {
  /** As the admin wrote it (trimmed); Compass shows it after the prefix `Backstage: `, as the built-ins. */
  name: string;
  /** Free text (trimmed, may be empty): the Compass suffix. */
  unit: string;
  /** Lower-cased, distinct. */
  kinds: string[];
  /** A value map's keys are lower-cased: the field's value is looked up case-insensitively. */
  source: CustomMetricSource;
}

export const MAX_CUSTOM_METRICS = 20;
export const CUSTOM_METRIC_NAME_MAX_LENGTH = 60;
export const CUSTOM_METRIC_UNIT_MAX_LENGTH = 20;
/** Backstage's own bound for an annotation or label key is 317 (a 253-character prefix, `/`, 63 characters). */
export const CUSTOM_METRIC_KEY_MAX_LENGTH = 317;
export const CUSTOM_METRIC_SPEC_PATH_MAX_SEGMENTS = 10;
export const VALUE_MAP_MAX_ENTRIES = 50;
export const VALUE_MAP_KEY_MAX_LENGTH = 100;

export const CUSTOM_METRIC_KEY_PREFIX = 'custom:';

const SPEC_PATH_SEGMENT = /^[A-Za-z0-9_-]+$/;
const RELATION_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks an admin's list (at most MAX_CUSTOM_METRICS; names unique case-insensitively, also after slugging, and not a
 * built-in's; kinds among `knownKinds`, which should be the kinds the mapping imports; keys, paths and value maps
 * bounded) and answers it normalised. A spec path may start with `spec.`; it is stored without.
 * @throws InvalidRequestError naming the field path at fault (`metrics.3.source.valueMap`).
 */
export function validateCustomMetrics(
  input: unknown,
  knownKinds: readonly string[] = METRIC_KINDS,
): CustomMetric[] {
  if (!Array.isArray(input)) throw new InvalidRequestError('metrics', 'The metrics must be a list.');
  if (input.length > MAX_CUSTOM_METRICS) {
    throw new InvalidRequestError(
      'metrics',
      `At most ${MAX_CUSTOM_METRICS} metrics of your own can be defined.`,
    );
  }
  const builtInNames = new Set(BUILT_IN_METRICS.map((metric) => metric.name.toLowerCase()));
  const names = new Set<string>();
  const slugs = new Set<string>();
  return input.map((item: unknown, index) => {
    const path = `metrics.${index}`;
    const fields = objectAt(item, path);
    const metric: CustomMetric = {
      name: nameAt(fields.name, `${path}.name`),
      unit: textAt(fields.unit ?? '', `${path}.unit`, 'unit', CUSTOM_METRIC_UNIT_MAX_LENGTH, true),
      kinds: kindsAt(fields.kinds, `${path}.kinds`, knownKinds),
      source: sourceAt(fields.source, `${path}.source`),
    };
    const lowerName = metric.name.toLowerCase();
    if (builtInNames.has(`${METRIC_NAME_PREFIX}${metric.name}`.toLowerCase())) {
      throw new InvalidRequestError(
        `${path}.name`,
        `"${metric.name}" is the name of one of the app's metrics.`,
      );
    }
    const slug = metricSlug(metric.name);
    if (names.has(lowerName) || slugs.has(slug)) {
      throw new InvalidRequestError(`${path}.name`, `Another metric is already called "${metric.name}".`);
    }
    names.add(lowerName);
    slugs.add(slug);
    return metric;
  });
}

/** The spec of an admin's metric (key `custom:<slug>`), which `computeMetricValues` computes like the built-ins. */
export function customMetricSpec(metric: CustomMetric): MetricDefinitionSpec {
  return {
    key: `${CUSTOM_METRIC_KEY_PREFIX}${metricSlug(metric.name)}`,
    name: `${METRIC_NAME_PREFIX}${metric.name}`,
    description: cutDescription(describeSource(metric.source)),
    suffix: metric.unit,
    unit: metric.unit,
    kinds: metric.kinds,
    source: metric.source,
  };
}

/** Lower-case letters and digits joined by `-`: `Tier (PCI)` → `tier-pci`. */
export function metricSlug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function describeSource(source: CustomMetricSource): string {
  if (source.type === 'relation-count') {
    return `Number of distinct targets of the entity's ${source.relationType} relations in Backstage.`;
  }
  const field =
    source.type === 'annotation'
      ? `the Backstage annotation ${source.key}`
      : source.type === 'label'
        ? `the Backstage label ${source.key}`
        : `the Backstage field spec.${source.path}`;
  if (!source.valueMap) return `The value of ${field}, read as a number.`;
  const pairs = Object.entries(source.valueMap).map(([text, value]) => `${text} = ${value}`);
  return `The value of ${field} through a value map: ${pairs.join(', ')}; other values give none.`;
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRequestError(path, 'Each metric must be an object.');
  }
  return value as Record<string, unknown>;
}

function nameAt(value: unknown, path: string): string {
  const name = textAt(value, path, 'name', CUSTOM_METRIC_NAME_MAX_LENGTH, false);
  if (name.toLowerCase().startsWith(METRIC_NAME_PREFIX.trim().toLowerCase())) {
    throw new InvalidRequestError(
      path,
      `Leave out "${METRIC_NAME_PREFIX.trim()}": the app adds it in Compass.`,
    );
  }
  if (metricSlug(name) === '') {
    throw new InvalidRequestError(path, 'A metric name needs at least one letter or digit.');
  }
  return name;
}

function textAt(value: unknown, path: string, what: string, maxLength: number, mayBeEmpty: boolean): string {
  if (typeof value !== 'string') throw new InvalidRequestError(path, `The ${what} must be text.`);
  const text = value.trim();
  if (!mayBeEmpty && text === '') throw new InvalidRequestError(path, `The ${what} cannot be empty.`);
  if (text.length > maxLength) {
    throw new InvalidRequestError(path, `The ${what} can be at most ${maxLength} characters long.`);
  }
  if (CONTROL_CHARACTERS.test(text)) {
    throw new InvalidRequestError(path, `The ${what} cannot hold line breaks or control characters.`);
  }
  return text;
}

function kindsAt(value: unknown, path: string, knownKinds: readonly string[]): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidRequestError(path, 'Choose at least one kind of entity.');
  }
  const known = new Set(knownKinds.map((kind) => kind.toLowerCase()));
  const kinds = value.map((kind: unknown, index) => {
    const lower = typeof kind === 'string' ? kind.trim().toLowerCase() : undefined;
    if (lower === undefined || !known.has(lower)) {
      throw new InvalidRequestError(
        `${path}.${index}`,
        `Metrics can be computed for these kinds only: ${[...known].join(', ')}.`,
      );
    }
    return lower;
  });
  return [...new Set(kinds)];
}

function sourceAt(value: unknown, path: string): CustomMetricSource {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRequestError(path, 'Choose where the metric reads its value.');
  }
  const fields = value as Record<string, unknown>;
  switch (fields.type) {
    case 'annotation':
    case 'label': {
      const key = textAt(
        fields.key,
        `${path}.key`,
        `${fields.type} key`,
        CUSTOM_METRIC_KEY_MAX_LENGTH,
        false,
      );
      if (/\s/.test(key)) {
        throw new InvalidRequestError(`${path}.key`, `The ${fields.type} key cannot hold spaces.`);
      }
      return withValueMap({ type: fields.type, key }, fields.valueMap, `${path}.valueMap`);
    }
    case 'spec': {
      const specPath = textAt(fields.path, `${path}.path`, 'spec field', CUSTOM_METRIC_KEY_MAX_LENGTH, false);
      const segments = specPath.replace(/^spec\./, '').split('.');
      if (
        segments.length > CUSTOM_METRIC_SPEC_PATH_MAX_SEGMENTS ||
        !segments.every((segment) => SPEC_PATH_SEGMENT.test(segment))
      ) {
        throw new InvalidRequestError(
          `${path}.path`,
          `The spec field must be names joined by dots (at most ${CUSTOM_METRIC_SPEC_PATH_MAX_SEGMENTS}), e.g. lifecycle.`,
        );
      }
      return withValueMap({ type: 'spec', path: segments.join('.') }, fields.valueMap, `${path}.valueMap`);
    }
    case 'relation-count': {
      const relationType = typeof fields.relationType === 'string' ? fields.relationType.trim() : '';
      if (!RELATION_TYPE.test(relationType)) {
        throw new InvalidRequestError(
          `${path}.relationType`,
          'The relation type must be a Backstage relation name, e.g. dependsOn.',
        );
      }
      return { type: 'relation-count', relationType };
    }
    default:
      throw new InvalidRequestError(
        `${path}.type`,
        'A metric reads an annotation, a label, a spec field or a relation count.',
      );
  }
}

function withValueMap<S extends Exclude<CustomMetricSource, { type: 'relation-count' }>>(
  source: S,
  value: unknown,
  path: string,
): S {
  if (value === undefined || value === null) return source;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRequestError(path, 'The value map must pair texts with numbers.');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw new InvalidRequestError(path, 'The value map needs at least one pair.');
  if (entries.length > VALUE_MAP_MAX_ENTRIES) {
    throw new InvalidRequestError(path, `The value map can hold at most ${VALUE_MAP_MAX_ENTRIES} pairs.`);
  }
  const valueMap = new Map<string, number>();
  for (const [text, number] of entries) {
    const key = text.trim().toLowerCase();
    if (key === '' || key.length > VALUE_MAP_KEY_MAX_LENGTH || CONTROL_CHARACTERS.test(key)) {
      throw new InvalidRequestError(
        path,
        `Each value in the map must be 1 to ${VALUE_MAP_KEY_MAX_LENGTH} characters of text.`,
      );
    }
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      throw new InvalidRequestError(path, `"${text}" must map to a number.`);
    }
    if (valueMap.has(key)) {
      throw new InvalidRequestError(
        path,
        `"${text}" is in the value map twice (upper and lower case are the same).`,
      );
    }
    valueMap.set(key, number);
  }
  // fromEntries defines own properties: a `__proto__` text stays a key, not the object's prototype.
  return { ...source, valueMap: Object.fromEntries(valueMap) };
}
