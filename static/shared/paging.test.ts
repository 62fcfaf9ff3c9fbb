import { pageLabel, pageOf } from './paging';

describe('paging', () => {
  it('labels a page of a large table, the last short page and an empty one', () => {
    expect(pageLabel(0, 50, 10_000)).toBe('1–50 of 10,000');
    expect(pageLabel(9_950, 50, 10_000)).toBe('9,951–10,000 of 10,000');
    expect(pageLabel(50, 50, 56)).toBe('51–56 of 56');
    expect(pageLabel(0, 50, 0)).toBe('0 of 0');
  });

  it('slices a page', () => {
    expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual([3, 4]);
    expect(pageOf([1, 2], 4, 2)).toEqual([]);
  });
});
