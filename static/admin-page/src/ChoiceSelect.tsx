// A native select over a list of choices, in the page's input style: every select of the admin page is one,
// so moving to Atlaskit's Select is one change here.
import { useId } from 'react';

export const inputStyle = {
  padding: '4px 6px',
  border: '2px solid var(--ds-border-input, #8590a2)',
  borderRadius: 3,
  background: 'var(--ds-background-input, #fff)',
  font: 'inherit',
  maxWidth: 220,
} as const;

export interface Choice<Value extends string> {
  value: Value;
  label: string;
}

/** Choices whose words are their values (Compass types, lifecycles, facet values). */
export function plainChoices<Value extends string>(values: readonly Value[]): Choice<Value>[] {
  return values.map((value) => ({ value, label: value }));
}

export interface ChoiceSelectProps<Value extends string> {
  /** The select's name: shown beside it (the default) or above it, or only read out (in a table row). */
  label: string;
  labelPlacement?: 'beside' | 'above' | 'hidden';
  id?: string;
  testId?: string;
  value: Value;
  choices: readonly Choice<Value>[];
  onChange: (value: Value) => void;
}

const LABEL_ABOVE = { display: 'block', fontSize: 12, fontWeight: 600 } as const;

export function ChoiceSelect<Value extends string>({
  label,
  labelPlacement = 'beside',
  id,
  testId,
  value,
  choices,
  onChange,
}: ChoiceSelectProps<Value>) {
  const generatedId = useId();
  const selectId = id ?? generatedId;
  const select = (
    <select
      id={labelPlacement === 'hidden' ? id : selectId}
      aria-label={labelPlacement === 'hidden' ? label : undefined}
      data-testid={testId}
      style={inputStyle}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as Value)}
    >
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
  if (labelPlacement === 'hidden') return select;
  const labelElement = (
    <label htmlFor={selectId} style={labelPlacement === 'above' ? LABEL_ABOVE : undefined}>
      {label}
    </label>
  );
  return labelPlacement === 'above' ? (
    <div>
      {labelElement}
      {select}
    </div>
  ) : (
    <>
      {labelElement}
      {select}
    </>
  );
}
