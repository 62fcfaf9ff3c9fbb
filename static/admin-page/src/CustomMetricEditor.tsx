// The editor of an admin's own metric: name, unit, kinds, where the value is read (an annotation, a label, a spec
// field, or a count of relations) and an optional value map from text to number; "Preview on 10 entities" shows
// the values it would have before it is saved.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState, type ReactNode } from 'react';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, CustomMetric, MetricPreviewRow } from './admin-operations';
import {
  customMetricOf,
  emptyDraft,
  fieldInWords,
  fieldLabel,
  METRIC_KIND_CHOICES,
  SOURCE_TYPES,
  type CustomMetricDraft,
} from './metrics-view';

const MAX_CUSTOM_METRICS = 20;

export interface CustomMetricEditorProps {
  preview: AdminOperations['previewCustomMetric'];
  /** Saves the metric after the others; true when saved. */
  onAdd: (metric: CustomMetric) => Promise<boolean>;
  busy: boolean;
  /** How many of the admin's metrics there are already. */
  count: number;
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <Stack space="space.050">
      <label htmlFor={htmlFor} style={{ fontSize: 12, fontWeight: 600 }}>
        {label}
      </label>
      {children}
    </Stack>
  );
}

export function CustomMetricEditor({ preview, onAdd, busy, count }: CustomMetricEditorProps) {
  const [draft, setDraft] = useState<CustomMetricDraft>(emptyDraft);
  const [rows, setRows] = useState<MetricPreviewRow[]>();
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<ResolverError>();
  const edit = (next: Partial<CustomMetricDraft>) => {
    setDraft({ ...draft, ...next });
    setRows(undefined);
  };
  const mapRow = (index: number, next: Partial<{ text: string; value: string }>) =>
    edit({ valueMap: draft.valueMap.map((row, i) => (i === index ? { ...row, ...next } : row)) });

  async function runPreview() {
    setPreviewing(true);
    setPreviewError(undefined);
    const answer = await preview(customMetricOf(draft));
    setPreviewing(false);
    if (answer.ok) setRows(answer.value.rows);
    else setPreviewError(answer.error);
  }

  async function add() {
    if (await onAdd(customMetricOf(draft))) {
      setDraft(emptyDraft());
      setRows(undefined);
    }
  }

  const full = count >= MAX_CUSTOM_METRICS;
  const kindChoices = METRIC_KIND_CHOICES;
  return (
    <Stack space="space.150" testId="custom-metric-editor">
      <Heading size="small" as="h3">
        Add a metric of your own
      </Heading>
      <Text as="p" size="small" color="color.text.subtle">
        Up to {MAX_CUSTOM_METRICS} metrics read from one field of each entity, as a number or through a value
        map (e.g. spec.lifecycle: production 3, experimental 1). Compass shows them with “Backstage: ” before
        the name.
      </Text>
      <Inline space="space.200" shouldWrap>
        <Field label="Name" htmlFor="custom-metric-name">
          <Textfield
            id="custom-metric-name"
            testId="custom-metric-name"
            value={draft.name}
            maxLength={60}
            onChange={(event) => edit({ name: event.currentTarget.value })}
          />
        </Field>
        <Field label="Unit (optional)" htmlFor="custom-metric-unit">
          <Textfield
            id="custom-metric-unit"
            testId="custom-metric-unit"
            value={draft.unit}
            maxLength={20}
            onChange={(event) => edit({ unit: event.currentTarget.value })}
          />
        </Field>
        <Field label="Computed for" htmlFor="custom-metric-kinds">
          <div style={{ minWidth: 260 }}>
            <Select
              inputId="custom-metric-kinds"
              isMulti
              options={kindChoices}
              value={kindChoices.filter((kind) => draft.kinds.includes(kind.value))}
              onChange={(values) => edit({ kinds: values.map((value) => value.value) })}
            />
          </div>
        </Field>
      </Inline>
      <Inline space="space.200" shouldWrap>
        <Field label="Read from" htmlFor="custom-metric-source">
          <div style={{ minWidth: 220 }}>
            <Select
              inputId="custom-metric-source"
              options={SOURCE_TYPES}
              value={SOURCE_TYPES.find((type) => type.value === draft.sourceType)}
              onChange={(value) => value && edit({ sourceType: value.value })}
            />
          </div>
        </Field>
        <Field label={fieldLabel(draft.sourceType)} htmlFor="custom-metric-field">
          <Textfield
            id="custom-metric-field"
            testId="custom-metric-field"
            value={draft.field}
            onChange={(event) => edit({ field: event.currentTarget.value })}
          />
        </Field>
      </Inline>
      {draft.sourceType !== 'relation-count' && (
        <Stack space="space.100" testId="value-map">
          <Text weight="semibold">Value map (optional)</Text>
          <Text size="small" color="color.text.subtle">
            Without one, the field is read as a number. With one, each text gives its number (case does not
            matter) and any other text gives no value.
          </Text>
          {draft.valueMap.map((row, index) => (
            <Inline key={index} space="space.100" alignBlock="center" testId="value-map-row">
              <Textfield
                aria-label={`Text ${index + 1}`}
                placeholder="Text, e.g. production"
                value={row.text}
                onChange={(event) => mapRow(index, { text: event.currentTarget.value })}
              />
              <span aria-hidden>→</span>
              <Textfield
                aria-label={`Number for text ${index + 1}`}
                placeholder="Number"
                type="number"
                value={row.value}
                onChange={(event) => mapRow(index, { value: event.currentTarget.value })}
              />
              <Button
                appearance="subtle"
                spacing="compact"
                onClick={() => edit({ valueMap: draft.valueMap.filter((_, i) => i !== index) })}
              >
                Remove row
              </Button>
            </Inline>
          ))}
          <span>
            <Button
              testId="add-value-map-row"
              spacing="compact"
              onClick={() => edit({ valueMap: [...draft.valueMap, { text: '', value: '' }] })}
            >
              Add a value
            </Button>
          </span>
        </Stack>
      )}
      {previewError && (
        <ResolverErrorMessage
          title={
            previewError.field
              ? `Could not preview: ${fieldInWords(previewError.field, [draft.name.trim()])}`
              : 'Could not preview the metric'
          }
          error={previewError}
        />
      )}
      <Inline space="space.100">
        <Button
          testId="preview-custom-metric"
          isDisabled={previewing || busy}
          onClick={() => void runPreview()}
        >
          {previewing ? 'Previewing…' : 'Preview on 10 entities'}
        </Button>
        <Button
          appearance="primary"
          testId="add-custom-metric"
          isDisabled={busy || full || rows === undefined}
          onClick={() => void add()}
        >
          Save the metric
        </Button>
        {full && (
          <Text size="small">You have {MAX_CUSTOM_METRICS} metrics of your own: remove one first.</Text>
        )}
        {!full && rows === undefined && <Text size="small">Preview it first.</Text>}
      </Inline>
      {rows && <PreviewTable rows={rows} unit={draft.unit.trim()} />}
    </Stack>
  );
}

function PreviewTable({ rows, unit }: { rows: MetricPreviewRow[]; unit: string }) {
  const withValue = rows.filter((row) => row.value !== null).length;
  return (
    <Stack space="space.100" testId="custom-metric-preview">
      <Text as="p" testId="custom-metric-preview-summary">
        {rows.length === 0
          ? 'No entity of these kinds in the catalog.'
          : `${withValue} of ${rows.length} entities have a value.`}
      </Text>
      {rows.length > 0 && (
        <DynamicTable
          label="Preview of the metric"
          head={{
            cells: [
              { key: 'entity', content: 'Entity' },
              { key: 'value', content: 'Value' },
            ],
          }}
          rows={rows.map((row) => ({
            key: row.entityRef,
            testId: 'custom-metric-preview-row',
            cells: [
              { key: 'entity', content: <span title={row.entityRef}>{row.title}</span> },
              {
                key: 'value',
                content:
                  row.value === null ? (
                    <Text color="color.text.subtlest">No value</Text>
                  ) : (
                    `${row.value}${unit ? ` ${unit}` : ''}`
                  ),
              },
            ],
          }))}
        />
      )}
    </Stack>
  );
}
