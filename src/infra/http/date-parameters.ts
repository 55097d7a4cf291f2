import { z } from 'zod';
import { isDateText, isInstantText } from '../../canonical/date-text';

// Dates in REST requests. Every message shows the accepted form with an example, so a caller who
// sent "tomorrow" or "08/12/2026" sees at once what to send instead.

const exampleDate = '2026-12-08';
const exampleDateTime = '2026-12-08T09:00:00Z';

export const dateMessage = `must be a date as YYYY-MM-DD, e.g. ${exampleDate}`;
export const dateOrDateTimeMessage = `must be a date (YYYY-MM-DD, e.g. ${exampleDate}) or an RFC 3339 date-time (e.g. ${exampleDateTime})`;

/** A calendar date, YYYY-MM-DD. */
export const calendarDate = z
  .string({ message: dateMessage })
  .refine(isDateText, { message: dateMessage })
  .meta({ format: 'date', example: exampleDate });

/** A date (YYYY-MM-DD) or an RFC 3339 date-time; the output says which. */
export const dateOrDateTime = z
  .string({ message: dateOrDateTimeMessage })
  .refine((value) => isDateText(value) || isInstantText(value), { message: dateOrDateTimeMessage })
  .transform((value): DateOrDateTime => (isDateText(value) ? { date: value } : { at: new Date(value) }))
  .meta({
    anyOf: [
      { type: 'string', format: 'date' },
      { type: 'string', format: 'date-time' },
    ],
    examples: [exampleDate, exampleDateTime],
  });

export type DateOrDateTime = { date: string } | { at: Date };

/** "must be in the future", with a date and a date-time that are (two days ahead, whatever the timezone). */
export function futureMessage(now: Date): string {
  const date = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  return `must be in the future, e.g. ${date} or ${date}T09:00:00Z`;
}
