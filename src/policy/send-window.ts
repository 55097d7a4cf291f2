import { addDays, earliestLocalInstant, localDateOf, localTimeOfDayMs } from './local-time';
import type { Policy } from './policy';
import type { BusinessCalendar } from './types';

// Candidate and manager mail goes out only inside the send window, in the recipient's
// timezone (docs/rules.md, "Don't pester"). The window is [start, end) in local wall-clock time;
// an end before the start spans midnight (22:00-06:00); start equal to end, or 00:00-24:00,
// is the whole day. With business_days_only the local date must be a business day.

type SendWindow = Policy['send_window'];

const minutesPerDay = 24 * 60;
// No calendar goes a year without a business day; the bound only guards against a bad calendar.
const maxDaysAhead = 400;

/** The earliest instant at or after `at` inside the send window of the calendar's timezone. */
export function nextSendTime(at: Date, calendar: BusinessCalendar, window: SendWindow): Date {
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  const wholeDay = start === end || (start === 0 && end === minutesPerDay);
  const allowedDay = (instant: Date): boolean =>
    !window.business_days_only || calendar.isBusinessDay(instant);

  if (allowedDay(at) && (wholeDay || inWindow(localMinutes(at, calendar.timezone), start, end))) return at;

  // Otherwise the answer is the next opening: midnight (whole-day and overnight windows) or `start`.
  const openings = wholeDay ? [0] : start > end ? [0, start] : [start];
  const today = localDateOf(at, calendar.timezone);
  for (let offset = 0; offset <= maxDaysAhead; offset++) {
    const date = addDays(today, offset);
    for (const minutes of openings) {
      if (minutes >= minutesPerDay) continue;
      const opening = new Date(earliestLocalInstant(date, minutes, calendar.timezone));
      if (opening > at && allowedDay(opening)) return opening;
    }
  }
  throw new Error(
    `No send time within ${maxDaysAhead} days after ${at.toISOString()} in ${calendar.timezone}`,
  );
}

function inWindow(minutes: number, start: number, end: number): boolean {
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** Minutes past local midnight, with seconds as a fraction, as the local clock shows them. */
function localMinutes(at: Date, zone: string): number {
  return localTimeOfDayMs(at, zone) / 60_000;
}

function clockMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}
