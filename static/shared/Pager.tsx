// Previous / next paging for server- or client-side paged tables, with "1–50 of 10,000"; nothing at all
// when everything fits on one page.
import Button from '@atlaskit/button/new';
import { Inline, Text } from '@atlaskit/primitives/compiled';
import { pageLabel, TABLE_PAGE_SIZE } from './paging';

export interface PagerProps {
  offset: number;
  /** Rows a page holds; TABLE_PAGE_SIZE unless given. */
  limit?: number;
  total: number;
  onOffset: (offset: number) => void;
  testId?: string;
}

export function Pager({ offset, limit = TABLE_PAGE_SIZE, total, onOffset, testId = 'pager' }: PagerProps) {
  if (total <= limit) return null;
  return (
    <Inline space="space.100" alignBlock="center" testId={testId}>
      <Button
        isDisabled={offset <= 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
        testId={`${testId}-previous`}
      >
        Previous
      </Button>
      <Text testId={`${testId}-label`}>{pageLabel(offset, limit, total)}</Text>
      <Button
        isDisabled={offset + limit >= total}
        onClick={() => onOffset(offset + limit)}
        testId={`${testId}-next`}
      >
        Next
      </Button>
    </Inline>
  );
}
