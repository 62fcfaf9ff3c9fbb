// A table's column headings. Every table of the admin page has one, so moving to Atlaskit's DynamicTable
// (whose `head` is the same list of cells) is one change here.

export interface Column {
  label: string;
  /** Read out by screen readers only: a column of checkboxes or buttons needs no visible heading. */
  hidden?: boolean;
  width?: number;
}

const VISUALLY_HIDDEN = { position: 'absolute', left: -9999 } as const;

export function TableHead({ columns }: { columns: readonly (string | Column)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, hidden, width }: Column = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={label} scope="col" style={width === undefined ? undefined : { width }}>
              {hidden ? <span style={VISUALLY_HIDDEN}>{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
