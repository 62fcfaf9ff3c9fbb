// A native select over a list of choices, in the page's input style: every select of the admin page is one,
// so moving to Atlaskit's Select is one change here.

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
  /** For a `<label htmlFor>` beside it. */
  id?: string;
  /** The accessible name when no `<label>` points at it. */
  label?: string;
  testId?: string;
  value: Value;
  choices: readonly Choice<Value>[];
  onChange: (value: Value) => void;
}

export function ChoiceSelect<Value extends string>({
  id,
  label,
  testId,
  value,
  choices,
  onChange,
}: ChoiceSelectProps<Value>) {
  return (
    <select
      id={id}
      aria-label={label}
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
}
