import { DateTime } from 'luxon';

// Local wall-clock times on DST days. Luxon moves a time that does not exist (spring forward)
// forward by the gap and picks the later of two instants for a time that happens twice (fall
// back); "from 09:00" and "from midnight" mean the first instant the local clock shows that time.

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const hourMs = 3_600_000;
// Every real DST shift is under 3 hours: the search for a transition stays within this span.
const searchSpanMs = 3 * hourMs;

// Both functions below are pure and asked about the same few (zone, date) pairs over and over by
// sweeps, send windows and calendars: their answers are kept (bounded), which changes no answer.
const maxCached = 100_000;
const instants = new Map<string, number>();

/** The first instant at which the local clock on `date` shows `minutes` past midnight or later (1440 = next midnight). */
export function earliestLocalInstant(date: LocalDate, minutes: number, zone: string): number {
  const key = `${zone}|${date.year}-${date.month}-${date.day}|${minutes}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size > maxCached) instants.clear();
    instant = findEarliestLocalInstant(date, minutes, zone);
    instants.set(key, instant);
  }
  return instant;
}

function findEarliestLocalInstant(date: LocalDate, minutes: number, zone: string): number {
  if (minutes >= 24 * 60) {
    const next = DateTime.utc(date.year, date.month, date.day).plus({ days: 1 });
    return earliestLocalInstant(
      { year: next.year, month: next.month, day: next.day },
      minutes - 24 * 60,
      zone,
    );
  }
  const hour = Math.floor(minutes / 60);
  const minute = minutes - hour * 60;
  const luxonChoice = DateTime.fromObject({ ...date, hour, minute }, { zone });
  const choiceMs = luxonChoice.toMillis();
  const shows = (value: DateTime): boolean =>
    value.year === date.year &&
    value.month === date.month &&
    value.day === date.day &&
    value.hour === hour &&
    value.minute === minute;

  if (shows(luxonChoice)) {
    // Fall back: the same wall time may have happened once already, under the earlier offset.
    const earlier = DateTime.fromMillis(choiceMs - searchSpanMs, { zone });
    if (earlier.offset > luxonChoice.offset) {
      const firstMs = choiceMs - (earlier.offset - luxonChoice.offset) * 60_000;
      if (shows(DateTime.fromMillis(firstMs, { zone }))) return firstMs;
    }
    return choiceMs;
  }
  // Spring forward: the wall time does not exist; the first instant past it is the transition.
  const reached = (ms: number): boolean => {
    const value = DateTime.fromMillis(ms, { zone });
    const onDate = value.year * 10_000 + value.month * 100 + value.day;
    const wanted = date.year * 10_000 + date.month * 100 + date.day;
    return onDate > wanted || (onDate === wanted && value.hour * 60 + value.minute >= minutes);
  };
  let low = choiceMs - searchSpanMs;
  let high = choiceMs;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** The local date of an instant in a zone. */
export function localDateOf(at: Date, zone: string): LocalDate {
  const local = new Date(at.getTime() + offsetMs(at.getTime(), zone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** Milliseconds past local midnight, as the local clock shows them. */
export function localTimeOfDayMs(at: Date, zone: string): number {
  const local = at.getTime() + offsetMs(at.getTime(), zone);
  return local - Math.floor(local / dayMs) * dayMs;
}

const dayMs = 24 * hourMs;
// A zone's UTC offset, per hour of UTC time: kept for an hour whose offset is the same at both ends
// (no zone changes its offset twice within an hour), asked of luxon every time within an hour that
// holds a change.
const offsetBucketMs = hourMs;
const offsets = new Map<string, number | null>();

function offsetMs(ms: number, zone: string): number {
  const bucket = Math.floor(ms / offsetBucketMs);
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > maxCached) offsets.clear();
    const start = bucket * offsetBucketMs;
    const first = zoneOffsetMs(start, zone);
    offset = first === zoneOffsetMs(start + offsetBucketMs - 1, zone) ? first : null;
    offsets.set(key, offset);
  }
  return offset ?? zoneOffsetMs(ms, zone);
}

function zoneOffsetMs(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset * 60_000;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const value = DateTime.utc(date.year, date.month, date.day).plus({ days });
  return { year: value.year, month: value.month, day: value.day };
}
