import { formatTimestamp } from './format-time';

describe('formatTimestamp', () => {
  it('writes an ISO timestamp as a date and time in the given locale and zone', () => {
    expect(formatTimestamp('2026-11-24T18:05:00.000Z', 'en-GB', 'UTC')).toBe('24 Nov 2026, 18:05');
  });

  it('uses the zone, so the same instant reads differently elsewhere', () => {
    expect(formatTimestamp('2026-11-24T18:05:00.000Z', 'en-GB', 'Asia/Tokyo')).toBe('25 Nov 2026, 03:05');
  });

  it('returns text that is not a timestamp unchanged rather than "Invalid Date"', () => {
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });
});
