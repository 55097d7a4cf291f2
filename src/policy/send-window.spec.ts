import fc from 'fast-check';
import { DateTime } from 'luxon';
import { calendarFor } from './business-calendar';
import { earliestLocalInstant } from './local-time';
import { nextSendTime } from './send-window';

const zoned = (iso: string, zone: string): Date => DateTime.fromISO(iso, { zone }).toJSDate();
const show = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
const office = { start: '09:00', end: '18:00', business_days_only: true };

describe('nextSendTime', () => {
  const cases: Array<{
    name: string;
    zone: string;
    country: string | null;
    window?: typeof office;
    at: string;
    expected: string;
  }> = [
    {
      name: 'inside the window: now',
      zone: 'UTC',
      country: null,
      at: '2026-11-18T10:15',
      expected: '2026-11-18T10:15:00Z',
    },
    {
      name: 'at the start exactly: now',
      zone: 'UTC',
      country: null,
      at: '2026-11-18T09:00',
      expected: '2026-11-18T09:00:00Z',
    },
    {
      name: 'one minute before the start: the start',
      zone: 'UTC',
      country: null,
      at: '2026-11-18T08:59',
      expected: '2026-11-18T09:00:00Z',
    },
    {
      name: 'one minute before the end: now',
      zone: 'UTC',
      country: null,
      at: '2026-11-18T17:59',
      expected: '2026-11-18T17:59:00Z',
    },
    {
      name: 'at the end: next business morning',
      zone: 'UTC',
      country: null,
      at: '2026-11-18T18:00',
      expected: '2026-11-19T09:00:00Z',
    },
    {
      name: 'Friday evening: Monday morning',
      zone: 'UTC',
      country: null,
      at: '2026-11-20T18:30',
      expected: '2026-11-23T09:00:00Z',
    },
    {
      name: 'Saturday: Monday morning',
      zone: 'Europe/Berlin',
      country: 'DE',
      at: '2026-11-21T11:00',
      expected: '2026-11-23T09:00:00+01:00',
    },
    {
      name: 'Saturday, any day allowed: Saturday morning',
      zone: 'UTC',
      country: null,
      window: { ...office, business_days_only: false },
      at: '2026-11-21T07:00',
      expected: '2026-11-21T09:00:00Z',
    },
    {
      name: 'US Thanksgiving eve: Friday morning',
      zone: 'America/New_York',
      country: 'US',
      at: '2026-11-25T19:00',
      expected: '2026-11-27T09:00:00-05:00',
    },
    {
      name: 'DE Christmas: Monday after Boxing Day',
      zone: 'Europe/Berlin',
      country: 'DE',
      at: '2026-12-24T18:00',
      expected: '2026-12-28T09:00:00+01:00',
    },
    {
      name: 'year end: US New Year',
      zone: 'America/New_York',
      country: 'US',
      at: '2026-12-31T20:00',
      expected: '2027-01-04T09:00:00-05:00',
    },
    {
      name: 'Tokyo, east of UTC',
      zone: 'Asia/Tokyo',
      country: 'JP',
      at: '2026-11-20T19:00',
      expected: '2026-11-24T09:00:00+09:00',
    },
    {
      name: 'Los Angeles, west of UTC',
      zone: 'America/Los_Angeles',
      country: 'US',
      at: '2026-11-20T06:00',
      expected: '2026-11-20T09:00:00-08:00',
    },
    {
      name: 'Sydney over Christmas',
      zone: 'Australia/Sydney',
      country: 'AU',
      at: '2026-12-24T18:00',
      expected: '2026-12-29T09:00:00+11:00',
    },
    {
      name: 'New York spring-forward Monday keeps 09:00 local',
      zone: 'America/New_York',
      country: 'US',
      at: '2026-03-06T19:00',
      expected: '2026-03-09T09:00:00-04:00',
    },
    {
      name: 'New York fall-back Monday keeps 09:00 local',
      zone: 'America/New_York',
      country: 'US',
      at: '2026-10-30T19:00',
      expected: '2026-11-02T09:00:00-05:00',
    },
    {
      name: 'Berlin spring-forward Sunday, any day: 09:00 CEST',
      zone: 'Europe/Berlin',
      country: null,
      window: { ...office, business_days_only: false },
      at: '2026-03-29T01:30',
      expected: '2026-03-29T09:00:00+02:00',
    },
    {
      name: 'window starting inside the spring-forward gap opens at the transition',
      zone: 'America/New_York',
      country: null,
      window: { start: '02:30', end: '04:00', business_days_only: false },
      at: '2026-03-08T00:00',
      expected: '2026-03-08T03:00:00-04:00',
    },
    {
      name: 'window starting at a twice-happening time opens the first time',
      zone: 'America/New_York',
      country: null,
      window: { start: '01:30', end: '03:00', business_days_only: false },
      at: '2026-11-01T00:00',
      expected: '2026-11-01T01:30:00-04:00',
    },
    {
      name: 'Cairo: midnight does not exist on Friday 2026-04-24, the window opens at 01:00',
      zone: 'Africa/Cairo',
      country: null,
      window: { start: '00:00', end: '08:00', business_days_only: true },
      at: '2026-04-23T23:00',
      expected: '2026-04-24T01:00:00+03:00',
    },
    {
      name: 'whole-day window on business days: Saturday goes to Monday 00:00',
      zone: 'UTC',
      country: null,
      window: { start: '00:00', end: '24:00', business_days_only: true },
      at: '2026-11-21T12:00',
      expected: '2026-11-23T00:00:00Z',
    },
    {
      name: 'overnight window 22:00-06:00, before it',
      zone: 'UTC',
      country: null,
      window: { start: '22:00', end: '06:00', business_days_only: false },
      at: '2026-11-18T12:00',
      expected: '2026-11-18T22:00:00Z',
    },
    {
      name: 'overnight window 22:00-06:00, inside its morning part',
      zone: 'UTC',
      country: null,
      window: { start: '22:00', end: '06:00', business_days_only: false },
      at: '2026-11-18T05:00',
      expected: '2026-11-18T05:00:00Z',
    },
  ];

  it.each(cases)('$name', ({ zone, country, window, at, expected }) => {
    const result = nextSendTime(zoned(at, zone), calendarFor(zone, country), window ?? office);
    expect(result.getTime()).toBe(DateTime.fromISO(expected).toMillis());
  });

  it('00:00-24:00 without business days is any time', () => {
    const anyTime = { start: '00:00', end: '24:00', business_days_only: false };
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom('UTC', 'America/New_York', 'Australia/Sydney'),
        (ms, zone) => {
          expect(nextSendTime(new Date(ms), calendarFor(zone, 'US'), anyTime).getTime()).toBe(ms);
        },
      ),
    );
  });

  it('always answers an instant at or after `at`, inside the window, with nothing earlier inside it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }),
        fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo'),
        fc.constantFrom(null, 'US', 'DE'),
        (ms, zone, country) => {
          const calendar = calendarFor(zone, country);
          const result = nextSendTime(new Date(ms), calendar, office);
          expect(result.getTime()).toBeGreaterThanOrEqual(ms);
          const local = DateTime.fromJSDate(result, { zone });
          expect(local.hour).toBeGreaterThanOrEqual(9);
          expect(local.hour).toBeLessThan(18);
          expect(calendar.isBusinessDay(result)).toBe(true);
          // One minute earlier (if still after `at`) is outside the window.
          if (result.getTime() - 60_000 >= ms) {
            const before = new Date(result.getTime() - 60_000);
            const beforeLocal = DateTime.fromJSDate(before, { zone });
            expect(calendar.isBusinessDay(before) && beforeLocal.hour >= 9 && beforeLocal.hour < 18).toBe(
              false,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('earliestLocalInstant', () => {
  it('is the ordinary instant on ordinary days and the first one on DST days', () => {
    expect(
      show(
        new Date(earliestLocalInstant({ year: 2026, month: 11, day: 18 }, 9 * 60, 'Europe/Berlin')),
        'UTC',
      ),
    ).toBe('2026-11-18T08:00:00Z');
    expect(
      show(
        new Date(earliestLocalInstant({ year: 2026, month: 4, day: 24 }, 0, 'Africa/Cairo')),
        'Africa/Cairo',
      ),
    ).toBe('2026-04-24T01:00:00+03:00');
    expect(
      show(
        new Date(earliestLocalInstant({ year: 2026, month: 10, day: 25 }, 150, 'Europe/Berlin')),
        'Europe/Berlin',
      ),
    ).toBe('2026-10-25T02:30:00+02:00');
    expect(
      show(
        new Date(earliestLocalInstant({ year: 2026, month: 3, day: 29 }, 150, 'Europe/Berlin')),
        'Europe/Berlin',
      ),
    ).toBe('2026-03-29T03:00:00+02:00');
    expect(
      show(
        new Date(earliestLocalInstant({ year: 2026, month: 12, day: 31 }, 24 * 60, 'Asia/Tokyo')),
        'Asia/Tokyo',
      ),
    ).toBe('2027-01-01T00:00:00+09:00');
  });
});
