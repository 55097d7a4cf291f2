import { DateTime } from 'luxon';
import { singleLine } from './escape';

// Dates are always formatted in the reader's timezone: an email read in Tokyo says Tokyo's day.

const locale = 'en-GB';

function inZone(instant: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone: timezone }).setLocale(locale);
  // An unknown zone would render "Invalid DateTime" into an email; UTC is a better fallback.
  return local.isValid ? local : DateTime.fromJSDate(instant, { zone: 'UTC' }).setLocale(locale);
}

/** "Friday 13 November" */
export function formatDay(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat('cccc d LLLL');
}

/** "Friday 13 November at 15:00" */
export function formatDayAndTime(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("cccc d LLLL 'at' HH:mm");
}

/** 1 -> "1", 1.25 -> "1.3", 52.0 -> "52" */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** "52 business hours (about 2 business days)" */
export function formatBusinessHours(hours: number): string {
  const whole = Math.max(0, Math.round(hours));
  const text = plural(whole, 'business hour');
  if (whole < 24) return text;
  const days = Math.round((whole / 24) * 2) / 2;
  return `${text} (about ${plural(days, 'business day')})`;
}

/** The name people go by in a greeting: the first word of the full name. */
export function firstNameOf(name: string | null | undefined): string | null {
  const clean = singleLine(name);
  if (!clean) return null;
  return clean.split(' ')[0];
}
