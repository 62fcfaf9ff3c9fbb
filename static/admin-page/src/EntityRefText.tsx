// An entity ref that wraps at its separators in a narrow column: a break opportunity after each ':', '/' and '.',
// so `component:default/payment-gateway` never breaks inside "component" or "default". A single part wider than
// the column still wraps rather than overflow: overflow-wrap break-word, not anywhere, which would let a table
// shrink the column below a part's width (anywhere counts for the min-content width) and break mid-word.
import { Fragment } from 'react';

/** `component:default/x` -> ['component:', 'default/', 'x']: the parts a line may end after. */
export function refParts(ref: string): string[] {
  return ref.match(/[^:/.]*[:/.]|[^:/.]+$/g) ?? [ref];
}

export function EntityRefText({ entityRef, testId }: { entityRef: string; testId?: string }) {
  return (
    <span data-testid={testId} style={{ overflowWrap: 'break-word' }}>
      {refParts(entityRef).map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
