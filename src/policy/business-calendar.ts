import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import { isKnownTimezone } from '../canonical/timezones';
import { earliestLocalInstant } from './local-time';
import type { Policy } from './policy';
import type { BusinessCalendar, Calendars, PersonClock } from './types';

// Business time (docs/rules.md, "Business time"): every hour of a business day in the person's
// timezone counts; weekends and the country's public holidays stop the clock.
//
// DST: a business day is the real time between two local midnights, so the day clocks change
// on has 23 or 25 business hours. We count real elapsed time, never wall-clock hours, so an
// instant's business time does not jump, and add/between stay exact inverses of each other.

const hourMs = 3_600_000;
const dayMs = 86_400_000;
// A guard against endless loops only: no calendar has a million days without a business day.
const maxSearchDays = 1_000_000;
const maxCachedDays = 50_000;

/** Days since 1970-01-01 of a calendar date (no timezone: a label for a local date). */
type EpochDay = number;

interface LocalDay {
  /** The instant the local day starts (its first existing instant, when midnight is skipped). */
  startMs: number;
  /** The instant the next local day starts. */
  endMs: number;
  business: boolean;
}

// Holidays per (country, year), shared by every calendar: date-holidays is slow to compute.
const holidayDatesCache = new Map<string, ReadonlySet<string>>();
const holidayEngines = new Map<string, Holidays>();

function publicHolidayDates(country: string, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`;
  const cached = holidayDatesCache.get(key);
  if (cached) return cached;
  const dates = new Set<string>();
  const engine = holidayEngine(country);
  for (const holiday of engine.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    // `date` is the local date in the country ("2026-12-25 00:00:00"); a holiday may last several days.
    const first = Date.parse(`${holiday.date.slice(0, 10)}T00:00:00Z`);
    const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / dayMs));
    for (let index = 0; index < days; index++) dates.add(isoDate((first + index * dayMs) / dayMs));
  }
  holidayDatesCache.set(key, dates);
  return dates;
}

function holidayEngine(country: string): Holidays {
  let engine = holidayEngines.get(country);
  if (!engine) {
    // An unknown country yields no holidays: weekends only.
    engine = new Holidays(country);
    holidayEngines.set(country, engine);
  }
  return engine;
}

function isoDate(day: EpochDay): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

export class LuxonBusinessCalendar implements BusinessCalendar {
  readonly timezone: string;
  readonly country: string | null;
  private readonly days = new Map<EpochDay, LocalDay>();
  private readonly dayStarts = new Map<EpochDay, number>();

  constructor(timezone: string, country: string | null) {
    if (!IANAZone.isValidZone(timezone)) throw new Error(`Unknown timezone "${timezone}"`);
    this.timezone = timezone;
    this.country = country ? country.toUpperCase() : null;
  }

  businessHoursBetween(from: Date, to: Date): number {
    const fromMs = from.getTime();
    const toMs = to.getTime();
    if (!(toMs > fromMs)) return 0;
    let total = 0;
    const lastDay = this.localDayOf(toMs);
    for (let day = this.localDayOf(fromMs); day <= lastDay; day++) {
      const info = this.day(day);
      if (!info.business) continue;
      total += Math.max(0, Math.min(toMs, info.endMs) - Math.max(fromMs, info.startMs));
    }
    return total / hourMs;
  }

  addBusinessHours(from: Date, hours: number): Date {
    const fromMs = from.getTime();
    let remaining = Math.round(hours * hourMs);
    if (!(remaining > 0)) return new Date(fromMs);
    // The earliest instant at which `hours` have elapsed: reaching the end of a business day
    // exactly answers that day's end, not the next business morning.
    let day = this.localDayOf(fromMs);
    for (let step = 0; step < maxSearchDays; step++, day++) {
      const info = this.day(day);
      if (!info.business) continue;
      const segmentStart = Math.max(fromMs, info.startMs);
      const available = info.endMs - segmentStart;
      if (remaining <= available) return new Date(segmentStart + remaining);
      remaining -= available;
    }
    throw new Error(`No business time found after ${from.toISOString()} in ${this.timezone}`);
  }

  addBusinessDays(from: Date, days: number): Date {
    return this.addBusinessHours(from, days * 24);
  }

  isBusinessDay(at: Date): boolean {
    return this.day(this.localDayOf(at.getTime())).business;
  }

  /** The local date of an instant, as an epoch day. */
  private localDayOf(ms: number): EpochDay {
    // A local date is at most 14 hours away from the UTC date of the same instant.
    const utcDay = Math.floor(ms / dayMs);
    for (let day = utcDay - 1; day <= utcDay + 1; day++) {
      if (ms >= this.dayStart(day) && ms < this.dayStart(day + 1)) return day;
    }
    // Unreachable for real zones (offsets stay within +-14h); fall back to luxon's answer.
    const local = DateTime.fromMillis(ms, { zone: this.timezone });
    return Math.round(Date.UTC(local.year, local.month - 1, local.day) / dayMs);
  }

  private day(day: EpochDay): LocalDay {
    let info = this.days.get(day);
    if (!info) {
      if (this.days.size > maxCachedDays) this.days.clear();
      info = {
        startMs: this.dayStart(day),
        endMs: this.dayStart(day + 1),
        business: this.isBusinessDate(day),
      };
      this.days.set(day, info);
    }
    return info;
  }

  private dayStart(day: EpochDay): number {
    let start = this.dayStarts.get(day);
    if (start === undefined) {
      if (this.dayStarts.size > maxCachedDays) this.dayStarts.clear();
      const date = new Date(day * dayMs);
      // Where midnight does not exist or happens twice (DST at 00:00), the day starts at its first real instant.
      start = earliestLocalInstant(
        { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
        0,
        this.timezone,
      );
      this.dayStarts.set(day, start);
    }
    return start;
  }

  private isBusinessDate(day: EpochDay): boolean {
    // 1970-01-01 was a Thursday; 0 = Sunday, 6 = Saturday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday === 0 || weekday === 6) return false;
    if (!this.country) return true;
    const date = isoDate(day);
    return !publicHolidayDates(this.country, Number(date.slice(0, 4))).has(date);
  }
}

// Calendars are pure functions of (timezone, country): one shared instance each keeps its day cache warm.
const calendarCache = new Map<string, LuxonBusinessCalendar>();

export function calendarFor(timezone: string, country: string | null): LuxonBusinessCalendar {
  const key = `${timezone}|${country ?? ''}`;
  let calendar = calendarCache.get(key);
  if (!calendar) {
    calendar = new LuxonBusinessCalendar(timezone, country);
    calendarCache.set(key, calendar);
  }
  return calendar;
}

/** Calendars per person; a missing or unknown timezone or a missing country falls back to the policy's. */
const maxRemembered = 1_000;

export function createCalendars(policy: Pick<Policy, 'timezone' | 'country'>): Calendars {
  // The rules ask for a calendar many times per evaluation: remembered per (timezone, country) as given.
  const remembered = new Map<string | null | undefined, Map<string | null | undefined, BusinessCalendar>>();
  return {
    forPerson(person: Partial<PersonClock> | null | undefined): BusinessCalendar {
      let byCountry = remembered.get(person?.timezone);
      if (!byCountry) {
        // Timezone names come from webhooks: a long-lived holder must not grow without bound.
        if (remembered.size > maxRemembered) remembered.clear();
        byCountry = new Map();
        remembered.set(person?.timezone, byCountry);
      }
      let calendar = byCountry.get(person?.country);
      if (!calendar) {
        if (byCountry.size > maxRemembered) byCountry.clear();
        const timezone =
          person?.timezone && isKnownTimezone(person.timezone) ? person.timezone : policy.timezone;
        const country = person?.country ? person.country.toUpperCase() : policy.country;
        calendar = calendarFor(timezone, country);
        byCountry.set(person?.country, calendar);
      }
      return calendar;
    },
  };
}
