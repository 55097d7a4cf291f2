import { DateTime } from 'luxon';

// How a recruiter says when something happened, seen from the morning of their digest:
// "today", "yesterday", "Tuesday" within the week, "on 3 Nov" beyond it. Weekdays are the
// recruiter's own: an instant that is Tuesday in Tokyo is still Monday in Los Angeles.

const locale = 'en-GB';

export function zoned(instant: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone: timezone }).setLocale(locale);
  return local.isValid ? local : DateTime.fromJSDate(instant, { zone: 'UTC' }).setLocale(locale);
}

export function relativeDay(instant: Date, timezone: string, localDate: string): string {
  const day = zoned(instant, timezone).startOf('day');
  const reference = DateTime.fromISO(localDate, { zone: day.zone, locale });
  if (!reference.isValid) return `on ${day.toFormat('d LLL')}`;
  const daysAgo = Math.round(reference.diff(day, 'days').days);
  if (daysAgo === 0) return 'today';
  if (daysAgo === 1) return 'yesterday';
  if (daysAgo > 1 && daysAgo < 7) return day.toFormat('cccc');
  return `on ${day.toFormat('d LLL')}`;
}

/** "Fri 20 Nov" in the recruiter's timezone. */
export function shortDate(instant: Date, timezone: string): string {
  return zoned(instant, timezone).toFormat('ccc d LLL');
}
