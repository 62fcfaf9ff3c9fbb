import { cutToLength } from './text-limits';

describe('cutToLength', () => {
  it('keeps text exactly at the limit', () => {
    expect(cutToLength('abcde', 5)).toEqual({ text: 'abcde', removed: 0 });
  });

  it('cuts text one over the limit and says how much it removed', () => {
    expect(cutToLength('abcdef', 5)).toEqual({ text: 'abcde', removed: 1 });
  });

  it('never splits a surrogate pair, cutting one unit earlier instead', () => {
    const text = 'abcd\u{1F600}xyz'; // the emoji occupies code units 4 and 5
    const cut = cutToLength(text, 5);
    expect(cut).toEqual({ text: 'abcd', removed: 5 });
  });
});
