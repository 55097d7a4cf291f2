// Dates and instants as text, checked to the day: the calendar date must exist (no 2026-02-30).

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

// RFC 3339 with a timezone. keepwarm has always also read a time without seconds and an offset
// without its colon (+0100), which some ATS exports write.
const instantPattern =
  /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/** A calendar date written YYYY-MM-DD that exists. */
export function isDateText(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** An instant written as RFC 3339 with a timezone (seconds and the offset's colon optional). */
export function isInstantText(value: string): boolean {
  const match = instantPattern.exec(value);
  return match !== null && isDateText(match[1]);
}
