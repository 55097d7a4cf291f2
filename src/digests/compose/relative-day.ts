import { DateTime } from 'luxon';

// How a recruiter says when something happened, seen from the morning of their digest:
// "today", "yesterday", "Tuesday" within the week, "on 3 Nov" beyond it. Weekdays are the
// recruiter's own: an instant that is Tuesday in Tokyo is still Monday in Los Angeles.
//
// Composing a thousand digests calls these for every line; each zoned luxon DateTime asks Intl
// for the zone's offset, so the week's day boundaries are computed once per (timezone, date) and
// each instant is only compared with them, and dates and times beyond them are formatted by one
// Intl formatter per timezone rather than a luxon DateTime each.

const locale = 'en-GB';
const maxCached = 10_000;

export function zoned(instant: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone: timezone }).setLocale(locale);
  return local.isValid ? local : DateTime.fromJSDate(instant, { zone: 'UTC' }).setLocale(locale);
}

interface LabelledDay {
  startMs: number;
  endMs: number;
  label: string;
}

const weeks = new Map<string, LabelledDay[] | null>();
const shortDates = new Map<string, string>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= maxCached) cache.clear();
  cache.set(key, value);
  return value;
}

/** The reference day and the six before it, as instants in the recruiter's zone. */
function weekBefore(timezone: string, localDate: string): LabelledDay[] | null {
  const key = `${timezone}|${localDate}`;
  const cached = weeks.get(key);
  if (cached !== undefined) return cached;
  const zone = zoned(new Date(0), timezone).zone;
  const reference = DateTime.fromISO(localDate, { zone, locale });
  if (!reference.isValid) return remember(weeks, key, null);
  const days: LabelledDay[] = [];
  for (let daysAgo = 0; daysAgo < 7; daysAgo++) {
    const start = reference.minus({ days: daysAgo }).startOf('day');
    const end = start.plus({ days: 1 }).startOf('day');
    const label = daysAgo === 0 ? 'today' : daysAgo === 1 ? 'yesterday' : start.toFormat('cccc');
    days.push({ startMs: start.toMillis(), endMs: end.toMillis(), label });
  }
  return remember(weeks, key, days);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per (timezone, shape); an unknown zone formats in UTC, as zoned() reads it. */
function formatterFor(timezone: string, shape: 'dayMonth' | 'clock'): Intl.DateTimeFormat {
  const key = `${shape}|${timezone}`;
  const cached = formatters.get(key);
  if (cached) return cached;
  const options: Intl.DateTimeFormatOptions =
    shape === 'dayMonth'
      ? { day: 'numeric', month: 'short' }
      : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone });
  } catch {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  }
  return remember(formatters, key, formatter);
}

export function relativeDay(instant: Date, timezone: string, localDate: string): string {
  const at = instant.getTime();
  for (const day of weekBefore(timezone, localDate) ?? []) {
    if (at >= day.startMs && at < day.endMs) return day.label;
  }
  return `on ${formatterFor(timezone, 'dayMonth').format(instant)}`;
}

/** The instant the recruiter's local day `localDate` ends (their next midnight); null for a malformed date. */
export function endOfLocalDay(timezone: string, localDate: string): number | null {
  return weekBefore(timezone, localDate)?.[0].endMs ?? null;
}

/** "14:05" in the recruiter's timezone. */
export function clockTime(instant: Date, timezone: string): string {
  return formatterFor(timezone, 'clock').format(instant);
}

/** "Fri 20 Nov" in the recruiter's timezone. */
export function shortDate(instant: Date, timezone: string): string {
  const key = `${timezone}|${instant.getTime()}`;
  return shortDates.get(key) ?? remember(shortDates, key, zoned(instant, timezone).toFormat('ccc d LLL'));
}
