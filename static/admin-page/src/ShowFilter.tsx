// "Show: Everything / Created / Failed …" above a table: an Atlaskit select over the values a lozenge table
// words, with "all" first. The Dry run (by action) and the Results (by outcome) share it.
import { Label } from '@atlaskit/form';
import { Box } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';

export interface ShowChoice<Value extends string> {
  value: Value | 'all';
  label: string;
}

/** "all" (worded `allLabel`), then each value in the table's order with the table's own label. */
export function showChoices<Value extends string>(
  looks: Record<Value, { label: string }>,
  allLabel: string,
): ShowChoice<Value>[] {
  const values = Object.keys(looks) as Value[];
  return [
    { value: 'all', label: allLabel },
    ...values.map((value) => ({ value, label: looks[value].label })),
  ];
}

export function ShowFilter<Value extends string>({
  inputId,
  testId,
  choices,
  value,
  onChange,
}: {
  inputId: string;
  testId: string;
  choices: ShowChoice<Value>[];
  value: ShowChoice<Value>;
  onChange: (chosen: ShowChoice<Value>) => void;
}) {
  return (
    <>
      <Label htmlFor={inputId}>Show</Label>
      <Box testId={testId}>
        <Select<ShowChoice<Value>>
          inputId={inputId}
          spacing="compact"
          options={choices}
          value={value}
          isSearchable={false}
          onChange={(chosen) => chosen && onChange(chosen)}
        />
      </Box>
    </>
  );
}
