// A large history from a small one: `copies` independent teams that live the same pipeline. Every
// identity (event, application, candidate, job, person, interview ids, and the local part of email
// addresses) gets a per-copy prefix such as `t03_`, so no two copies share a row. Times are untouched,
// so the copies stay in step; application URLs are links, not identities, and stay as they are.
// Pure, and linear in the output, for histories of 40,000 events and more.

export interface HistoryEvent {
  id: string | number;
  type: string;
  occurred_at: string;
  data?: unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `t01_`, `t02_`, ...: as wide as the largest copy number, at least two digits. */
export function copyPrefix(copy: number, copies: number): string {
  return `t${String(copy).padStart(Math.max(2, String(copies).length), '0')}_`;
}

/**
 * The copies interleaved event by event (all copies of the first event, then of the second, ...), so a
 * history sorted by occurred_at stays sorted and each copy keeps its own order for events at one instant.
 */
export function copyHistory<T extends HistoryEvent>(events: readonly T[], copies: number): T[] {
  if (!Number.isInteger(copies) || copies < 1) throw new Error('copies must be a positive integer');
  const prefixes = Array.from({ length: copies }, (_, index) => copyPrefix(index + 1, copies));
  const copied: T[] = [];
  for (const event of events) for (const prefix of prefixes) copied.push(prefixEvent(event, prefix));
  return copied;
}

export function prefixEvent<T extends HistoryEvent>(event: T, prefix: string): T {
  return { ...event, id: `${prefix}${event.id}`, data: prefixData(event.data, prefix) };
}

function prefixId<T>(prefix: string, id: T): string | T {
  return id === undefined || id === null ? id : `${prefix}${String(id)}`;
}

// The fields of the canonical events (docs/contract.md, "POST /webhooks/events") that name something.
function prefixData(data: unknown, prefix: string): unknown {
  if (!isObject(data)) return data;
  const out: Json = { ...data };
  if (isObject(out.application)) out.application = prefixApplication(out.application, prefix);
  if (isObject(out.job)) out.job = prefixJob(out.job, prefix);
  if (isObject(out.candidate)) out.candidate = prefixCandidate(out.candidate, prefix);
  if (isObject(out.submitted_by)) out.submitted_by = prefixPerson(out.submitted_by, prefix);
  if (isObject(out.interview)) out.interview = { ...out.interview, id: prefixId(prefix, out.interview.id) };
  for (const key of ['application_id', 'candidate_id', 'interview_id'])
    if (key in out) out[key] = prefixId(prefix, out[key]);
  return out;
}

function prefixApplication(application: Json, prefix: string): Json {
  const out: Json = { ...application, id: prefixId(prefix, application.id) };
  if (isObject(application.candidate)) out.candidate = prefixCandidate(application.candidate, prefix);
  if (isObject(application.job)) out.job = prefixJob(application.job, prefix);
  return out;
}

function prefixJob(job: Json, prefix: string): Json {
  const out: Json = { ...job, id: prefixId(prefix, job.id) };
  if (isObject(job.recruiter)) out.recruiter = prefixPerson(job.recruiter, prefix);
  if (isObject(job.hiring_manager)) out.hiring_manager = prefixPerson(job.hiring_manager, prefix);
  return out;
}

function prefixCandidate(candidate: Json, prefix: string): Json {
  const out = prefixPerson(candidate, prefix);
  if (isObject(candidate.source) && typeof candidate.source.agency_email === 'string')
    out.source = { ...candidate.source, agency_email: prefixEmail(candidate.source.agency_email, prefix) };
  return out;
}

function prefixPerson(person: Json, prefix: string): Json {
  const out: Json = { ...person, id: prefixId(prefix, person.id) };
  if (typeof person.email === 'string') out.email = prefixEmail(person.email, prefix);
  return out;
}

function prefixEmail(email: string, prefix: string): string {
  return `${prefix}${email}`;
}
