import fc from 'fast-check';
import { DateTime } from 'luxon';
import { calendarFor, createCalendars, LuxonBusinessCalendar } from './business-calendar';
import { defaultPolicy } from './policy';

function local(iso: string, zone: string): Date {
  const value = DateTime.fromISO(iso, { zone });
  if (!value.isValid) throw new Error(`bad test time ${iso}`);
  return value.toJSDate();
}

function localIso(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

describe('LuxonBusinessCalendar.addBusinessHours', () => {
  const cases: Array<{
    name: string;
    zone: string;
    country: string | null;
    from: string;
    hours: number;
    expected: string;
  }> = [
    {
      name: 'Friday 15:00 + 48h is Tuesday 15:00',
      zone: 'UTC',
      country: null,
      from: '2026-11-20T15:00',
      hours: 48,
      expected: '2026-11-24T15:00',
    },
    {
      name: 'a clock started on Saturday accrues from Monday 00:00',
      zone: 'UTC',
      country: null,
      from: '2026-11-21T10:00',
      hours: 1,
      expected: '2026-11-23T01:00',
    },
    {
      name: 'a clock started on Sunday accrues from Monday 00:00',
      zone: 'Europe/Berlin',
      country: 'DE',
      from: '2026-11-22T23:59',
      hours: 24,
      expected: '2026-11-24T00:00',
    },
    {
      name: 'reaching the end of Friday exactly answers Friday 24:00',
      zone: 'UTC',
      country: null,
      from: '2026-11-19T00:00',
      hours: 48,
      expected: '2026-11-21T00:00',
    },
    {
      name: 'zero hours is the start itself',
      zone: 'UTC',
      country: null,
      from: '2026-11-21T10:00',
      hours: 0,
      expected: '2026-11-21T10:00',
    },
    {
      name: 'US Thanksgiving (Thu 2026-11-26) stops the clock',
      zone: 'America/New_York',
      country: 'US',
      from: '2026-11-25T12:00',
      hours: 24,
      expected: '2026-11-27T12:00',
    },
    {
      name: 'without a country Thanksgiving is a business day',
      zone: 'America/New_York',
      country: null,
      from: '2026-11-25T12:00',
      hours: 24,
      expected: '2026-11-26T12:00',
    },
    {
      name: 'DE Christmas (Fri 2026-12-25) and the weekend',
      zone: 'Europe/Berlin',
      country: 'DE',
      from: '2026-12-24T15:00',
      hours: 24,
      expected: '2026-12-28T15:00',
    },
    {
      name: 'year end: US New Year (Fri 2027-01-01)',
      zone: 'America/New_York',
      country: 'US',
      from: '2026-12-31T12:00',
      hours: 24,
      expected: '2027-01-04T12:00',
    },
    {
      name: 'year end without holidays',
      zone: 'Asia/Tokyo',
      country: null,
      from: '2026-12-31T12:00',
      hours: 24,
      expected: '2027-01-01T12:00',
    },
    {
      name: 'New York spring-forward weekend keeps the local time',
      zone: 'America/New_York',
      country: 'US',
      from: '2026-03-06T15:00',
      hours: 48,
      expected: '2026-03-10T15:00',
    },
    {
      name: 'New York fall-back weekend keeps the local time',
      zone: 'America/New_York',
      country: 'US',
      from: '2026-10-30T15:00',
      hours: 48,
      expected: '2026-11-03T15:00',
    },
    {
      name: 'Berlin spring-forward weekend',
      zone: 'Europe/Berlin',
      country: 'DE',
      from: '2026-03-27T09:30',
      hours: 24,
      expected: '2026-03-30T09:30',
    },
    {
      name: 'Berlin fall-back weekend',
      zone: 'Europe/Berlin',
      country: 'DE',
      from: '2026-10-23T09:30',
      hours: 24,
      expected: '2026-10-26T09:30',
    },
    // Cairo changes clocks on weekdays: Friday 2026-04-24 starts at 01:00 and has 23 real hours,
    // Thursday 2026-10-29 has 25. Business time is real elapsed time within the local day.
    {
      name: 'a 23-hour business day (Cairo spring forward) ends after 23 real hours',
      zone: 'Africa/Cairo',
      country: null,
      from: '2026-04-23T00:00',
      hours: 47,
      expected: '2026-04-25T00:00',
    },
    {
      name: 'a 23-hour business day: 24h from Friday start is Monday 01:00',
      zone: 'Africa/Cairo',
      country: null,
      from: '2026-04-24T01:00',
      hours: 24,
      expected: '2026-04-27T01:00',
    },
    {
      name: 'a 25-hour business day (Cairo fall back)',
      zone: 'Africa/Cairo',
      country: null,
      from: '2026-10-29T00:00',
      hours: 25,
      expected: '2026-10-30T00:00',
    },
    {
      name: 'Tokyo: Friday evening over Labour Thanksgiving (Mon 2026-11-23)',
      zone: 'Asia/Tokyo',
      country: 'JP',
      from: '2026-11-20T18:00',
      hours: 24,
      expected: '2026-11-24T18:00',
    },
    {
      name: 'Los Angeles: Friday 15:00 + 48h',
      zone: 'America/Los_Angeles',
      country: 'US',
      from: '2026-11-13T15:00',
      hours: 48,
      expected: '2026-11-17T15:00',
    },
    {
      name: 'Sydney: DST starts Sunday 2026-10-04, Monday 2026-10-05 is Labour Day only in NSW (not national)',
      zone: 'Australia/Sydney',
      country: 'AU',
      from: '2026-10-02T15:00',
      hours: 48,
      expected: '2026-10-06T15:00',
    },
    {
      name: 'Sydney: Boxing Day substitute on Monday 2026-12-28',
      zone: 'Australia/Sydney',
      country: 'AU',
      from: '2026-12-24T10:00',
      hours: 24,
      expected: '2026-12-29T10:00',
    },
    {
      name: 'fractional hours',
      zone: 'UTC',
      country: null,
      from: '2026-11-20T23:30',
      hours: 1.5,
      expected: '2026-11-23T01:00',
    },
  ];

  it.each(cases)('$name', ({ zone, country, from, hours, expected }) => {
    const calendar = new LuxonBusinessCalendar(zone, country);
    const result = calendar.addBusinessHours(local(from, zone), hours);
    expect(localIso(result, zone)).toBe(expected);
    expect(calendar.businessHoursBetween(local(from, zone), result)).toBeCloseTo(hours, 6);
  });

  it('addBusinessDays is N x 24 business hours', () => {
    const calendar = new LuxonBusinessCalendar('Europe/Berlin', 'DE');
    const from = local('2026-12-23T11:00', 'Europe/Berlin');
    expect(calendar.addBusinessDays(from, 3)).toEqual(calendar.addBusinessHours(from, 72));
    expect(localIso(calendar.addBusinessDays(from, 3), 'Europe/Berlin')).toBe('2026-12-29T11:00');
  });
});

describe('LuxonBusinessCalendar.businessHoursBetween', () => {
  const cases: Array<{
    name: string;
    zone: string;
    country: string | null;
    from: string;
    to: string;
    hours: number;
  }> = [
    {
      name: 'Friday noon to Monday noon',
      zone: 'UTC',
      country: null,
      from: '2026-11-20T12:00',
      to: '2026-11-23T12:00',
      hours: 24,
    },
    {
      name: 'inside a weekend',
      zone: 'UTC',
      country: null,
      from: '2026-11-21T01:00',
      to: '2026-11-22T23:00',
      hours: 0,
    },
    {
      name: 'backwards is zero',
      zone: 'UTC',
      country: null,
      from: '2026-11-23T12:00',
      to: '2026-11-20T12:00',
      hours: 0,
    },
    {
      name: 'over Thanksgiving',
      zone: 'America/New_York',
      country: 'US',
      from: '2026-11-25T00:00',
      to: '2026-11-28T00:00',
      hours: 48,
    },
    {
      name: 'over the New York spring-forward weekend',
      zone: 'America/New_York',
      country: null,
      from: '2026-03-06T12:00',
      to: '2026-03-09T12:00',
      hours: 24,
    },
    {
      name: 'over the Berlin fall-back weekend',
      zone: 'Europe/Berlin',
      country: null,
      from: '2026-10-23T12:00',
      to: '2026-10-26T12:00',
      hours: 24,
    },
    {
      name: 'the whole 23-hour Cairo Friday',
      zone: 'Africa/Cairo',
      country: null,
      from: '2026-04-24T01:00',
      to: '2026-04-25T00:00',
      hours: 23,
    },
    {
      name: 'the whole 25-hour Cairo Thursday',
      zone: 'Africa/Cairo',
      country: null,
      from: '2026-10-29T00:00',
      to: '2026-10-30T00:00',
      hours: 25,
    },
    {
      name: 'across the year end in Tokyo: New Year (Fri 2027-01-01) is public',
      zone: 'Asia/Tokyo',
      country: 'JP',
      from: '2026-12-31T00:00',
      to: '2027-01-05T00:00',
      hours: 48,
    },
  ];

  it.each(cases)('$name', ({ zone, country, from, to, hours }) => {
    const calendar = new LuxonBusinessCalendar(zone, country);
    expect(calendar.businessHoursBetween(local(from, zone), local(to, zone))).toBeCloseTo(hours, 6);
  });

  it('isBusinessDay follows the local date, not UTC', () => {
    const tokyo = new LuxonBusinessCalendar('Asia/Tokyo', null);
    // Friday 2026-11-20 20:00 UTC is Saturday 05:00 in Tokyo.
    expect(tokyo.isBusinessDay(new Date('2026-11-20T20:00:00Z'))).toBe(false);
    const losAngeles = new LuxonBusinessCalendar('America/Los_Angeles', null);
    // Saturday 2026-11-21 05:00 UTC is Friday 21:00 in Los Angeles.
    expect(losAngeles.isBusinessDay(new Date('2026-11-21T05:00:00Z'))).toBe(true);
  });

  it('rejects an unknown timezone', () => {
    expect(() => new LuxonBusinessCalendar('Mars/Olympus', null)).toThrow(/timezone/);
  });

  it('an unknown country means weekends only', () => {
    const calendar = new LuxonBusinessCalendar('UTC', 'ZZ');
    expect(calendar.isBusinessDay(new Date('2026-12-25T12:00:00Z'))).toBe(true);
  });
});

describe('createCalendars', () => {
  const policy = { ...defaultPolicy, timezone: 'Europe/Berlin', country: 'DE' };

  it('falls back to the policy field by field and shares instances', () => {
    const calendars = createCalendars(policy);
    expect(calendars.forPerson(null)).toMatchObject({ timezone: 'Europe/Berlin', country: 'DE' });
    expect(calendars.forPerson({ timezone: 'Asia/Tokyo', country: null })).toMatchObject({
      timezone: 'Asia/Tokyo',
      country: 'DE',
    });
    expect(calendars.forPerson({ timezone: null, country: 'us' })).toMatchObject({
      timezone: 'Europe/Berlin',
      country: 'US',
    });
    expect(calendars.forPerson({ timezone: 'Not/AZone', country: 'US' })).toMatchObject({
      timezone: 'Europe/Berlin',
    });
    expect(calendars.forPerson({ timezone: 'Asia/Tokyo' })).toBe(
      createCalendars(policy).forPerson({ timezone: 'Asia/Tokyo' }),
    );
  });
});

describe('business time properties', () => {
  const zones = [
    'UTC',
    'America/New_York',
    'Europe/Berlin',
    'Asia/Tokyo',
    'America/Los_Angeles',
    'Australia/Sydney',
    'Africa/Cairo',
  ];
  const countries = [null, 'US', 'DE', 'JP', 'AU'];
  const instant = fc
    .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) })
    .map((ms) => new Date(ms));

  it('businessHoursBetween(from, addBusinessHours(from, h)) = h', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...countries),
        instant,
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (zone, country, from, hours) => {
          const calendar = calendarFor(zone, country);
          const result = calendar.addBusinessHours(from, hours);
          expect(result.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(Math.abs(calendar.businessHoursBetween(from, result) - hours)).toBeLessThan(1 / 3600);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('businessHoursBetween is additive and never exceeds real time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...countries),
        instant,
        instant,
        instant,
        (zone, country, a, b, c) => {
          const [first, second, third] = [a, b, c].sort((x, y) => x.getTime() - y.getTime());
          const calendar = calendarFor(zone, country);
          const whole = calendar.businessHoursBetween(first, third);
          const parts =
            calendar.businessHoursBetween(first, second) + calendar.businessHoursBetween(second, third);
          expect(Math.abs(whole - parts)).toBeLessThan(1e-6);
          expect(whole).toBeLessThanOrEqual((third.getTime() - first.getTime()) / 3_600_000 + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('addBusinessHours gives the earliest instant: one millisecond earlier falls short', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...countries),
        instant,
        fc.integer({ min: 1, max: 500 }),
        (zone, country, from, hours) => {
          const calendar = calendarFor(zone, country);
          const result = calendar.addBusinessHours(from, hours);
          expect(calendar.businessHoursBetween(from, new Date(result.getTime() - 1))).toBeLessThan(hours);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is fast enough for a sweep: 10,000 x (add + between) over a month', () => {
    const calendar = new LuxonBusinessCalendar('America/New_York', 'US');
    const start = Date.UTC(2026, 0, 1);
    const began = process.hrtime.bigint();
    for (let index = 0; index < 10_000; index++) {
      const from = new Date(start + index * 3_600_000);
      calendar.businessHoursBetween(from, calendar.addBusinessDays(from, 20));
    }
    const elapsedMs = Number(process.hrtime.bigint() - began) / 1e6;
    expect(elapsedMs).toBeLessThan(2_000);
  });
});
