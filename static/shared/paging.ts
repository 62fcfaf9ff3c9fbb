// Paging arithmetic shared by the pages' tables.

/** Rows a paged table shows at once. */
export const TABLE_PAGE_SIZE = 50;

/** "1–50 of 10,000", "0 of 0". */
export function pageLabel(offset: number, limit: number, total: number): string {
  if (total <= 0) return '0 of 0';
  const first = Math.min(offset + 1, total);
  const last = Math.min(offset + limit, total);
  return `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')}`;
}

export function pageOf<T>(items: readonly T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}
