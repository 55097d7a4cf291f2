import fc from 'fast-check';
import { DateTime } from 'luxon';
import { clockTime, relativeDay, shortDate } from './relative-day';

// relativeDay precomputes the week's day boundaries; it must say exactly what the plain luxon
// reading says ("the instant's local day, counted back from the digest's date").
function plainRelativeDay(instant: Date, timezone: string, localDate: string): string {
  const day = DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB').startOf('day');
  const reference = DateTime.fromISO(localDate, { zone: day.zone, locale: 'en-GB' });
  const daysAgo = Math.round(reference.diff(day, 'days').days);
  if (daysAgo === 0) return 'today';
  if (daysAgo === 1) return 'yesterday';
  if (daysAgo > 1 && daysAgo < 7) return day.toFormat('cccc');
  return `on ${day.toFormat('d LLL')}`;
}

describe('relativeDay', () => {
  it.each([
    ['2026-11-20T07:59:00Z', 'Europe/London', '2026-11-20', 'today'],
    ['2026-11-19T23:59:59Z', 'Europe/London', '2026-11-20', 'yesterday'],
    ['2026-11-17T10:00:00Z', 'Europe/London', '2026-11-20', 'Tuesday'],
    ['2026-11-13T10:00:00Z', 'Europe/London', '2026-11-20', 'on 13 Nov'],
    // Tuesday morning in Tokyo is still Monday in Los Angeles.
    ['2026-11-16T23:30:00Z', 'Asia/Tokyo', '2026-11-20', 'Tuesday'],
    ['2026-11-16T23:30:00Z', 'America/Los_Angeles', '2026-11-20', 'Monday'],
    // The 25-hour day clocks fall back on.
    ['2026-11-01T04:30:00Z', 'America/New_York', '2026-11-02', 'yesterday'],
    ['2026-11-02T04:59:00Z', 'America/New_York', '2026-11-02', 'yesterday'],
    ['2026-11-21T10:00:00Z', 'Europe/London', '2026-11-20', 'on 21 Nov'],
  ])('%s in %s seen on %s: %s', (instant, timezone, localDate, expected) => {
    expect(relativeDay(new Date(instant), timezone, localDate)).toBe(expected);
  });

  it('agrees with the plain luxon reading around DST changes and in many zones', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Asia/Tokyo',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-11-30T00:00:00Z') }),
        fc.integer({ min: -2 * 86_400_000, max: 10 * 86_400_000 }),
        (timezone, referenceMs, backMs) => {
          const localDate = DateTime.fromMillis(referenceMs, { zone: timezone }).toISODate()!;
          const instant = new Date(referenceMs - backMs);
          expect(relativeDay(instant, timezone, localDate)).toBe(
            plainRelativeDay(instant, timezone, localDate),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('clockTime', () => {
  it('reads the clock in the recruiter’s zone, 24-hour, across DST', () => {
    expect(clockTime(new Date('2026-11-20T07:05:00Z'), 'Europe/London')).toBe('07:05');
    expect(clockTime(new Date('2026-07-20T07:05:00Z'), 'Europe/London')).toBe('08:05');
    expect(clockTime(new Date('2026-11-20T23:30:00Z'), 'Asia/Tokyo')).toBe('08:30');
    expect(clockTime(new Date('2026-11-20T00:00:00Z'), 'UTC')).toBe('00:00');
    expect(clockTime(new Date('2026-11-20T00:00:00Z'), 'Mars/Olympus')).toBe('00:00');
  });
});

describe('shortDate', () => {
  it('names the day in the recruiter’s zone', () => {
    expect(shortDate(new Date('2026-11-20T23:30:00Z'), 'Asia/Tokyo')).toBe('Sat 21 Nov');
    expect(shortDate(new Date('2026-11-20T23:30:00Z'), 'America/Los_Angeles')).toBe('Fri 20 Nov');
  });
});
