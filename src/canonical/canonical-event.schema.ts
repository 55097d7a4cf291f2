import { z } from 'zod';
import { isInstantText } from './date-text';
import { isKnownTimezone } from './timezones';
import { validate } from './validation-messages';

// The canonical keepwarm event of docs/contract.md ("POST /webhooks/events"). Vendor adapters produce
// these too, so everything downstream speaks one language. Unknown extra fields are ignored.

const nonEmpty = z.string().trim().min(1, 'must not be empty').max(2000);
// zod 4's int() also refuses integers beyond 2^53, which keepwarm has always accepted as ids.
const integerId = z
  .number()
  .refine(Number.isInteger, { message: 'Expected integer, received float' })
  .nonnegative()
  .meta({ type: 'integer' });
const id = z.union([nonEmpty, integerId]).transform((value) => String(value));
// RFC 3339 and PostgreSQL both stop at four-digit years, and PostgreSQL has no year 0: a moment is
// stored and written back (in UTC) only from year 1 to year 9999.
const earliestInstant = Date.parse('0001-01-01T00:00:00.000Z');
const latestInstant = Date.parse('9999-12-31T23:59:59.999Z');

/** A moment keepwarm can store and write back as RFC 3339: years 0001 to 9999, in UTC. */
export function isStorableInstant(epochMilliseconds: number): boolean {
  return epochMilliseconds >= earliestInstant && epochMilliseconds <= latestInstant;
}

const dateTime = z
  .string()
  .refine(isInstantText, { message: 'must be an RFC 3339 date-time with a timezone', abort: true })
  .refine((value) => isStorableInstant(Date.parse(value)), {
    message: 'must fall between the years 0001 and 9999 (UTC)',
  })
  .meta({ format: 'date-time', example: '2026-11-20T15:04:05Z' });
const email = z.string().trim().pipe(z.email().max(320)).meta({ format: 'email' });

const ianaTimezone = z
  .string()
  .refine(isKnownTimezone, { message: 'must be an IANA timezone, e.g. Europe/Berlin' });
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 alpha-2 country code')
  .transform((value) => value.toUpperCase());

export const stageKinds = [
  'applied',
  'recruiter_screen',
  'hiring_manager_review',
  'interview',
  'offer',
  'hired',
  'rejected',
  'withdrawn',
] as const;
export type StageKind = (typeof stageKinds)[number];

export const personSchema = z
  .object({
    id,
    name: nonEmpty.max(300),
    email: email.nullish(),
    timezone: ianaTimezone.nullish().meta({ description: 'IANA timezone', example: 'Europe/Berlin' }),
    country: countryCode.nullish().meta({ description: 'ISO 3166 alpha-2', example: 'DE' }),
  })
  .meta({ id: 'Person' });

export const candidateSchema = personSchema
  .extend({
    source: z
      .object({
        kind: z.enum(['agency', 'referral', 'direct', 'sourced']),
        agency_name: z.string().max(300).nullish(),
        agency_email: email.nullish(),
      })
      .nullish(),
    can_email: z.boolean().nullish().meta({ description: 'false: opted out in the ATS' }),
  })
  .meta({ id: 'Candidate' });

export const jobStatuses = ['open', 'closed', 'on_hold'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobSchema = z
  .object({
    id,
    title: nonEmpty.max(500),
    status: z.enum(jobStatuses).nullish(),
    recruiter: personSchema,
    hiring_manager: personSchema,
  })
  .meta({ id: 'Job' });

export const stageSchema = z
  .object({
    name: nonEmpty.max(300),
    kind: z
      .enum(stageKinds)
      .nullish()
      .meta({ description: "Without it, the name decides (built-in names and the policy's stage_kinds)" }),
  })
  .meta({ id: 'Stage' });

export const applicationSchema = z
  .object({
    id,
    candidate: candidateSchema,
    job: jobSchema,
    stage: stageSchema,
    url: z.url().max(2000).nullish().meta({ description: 'Link into the ATS' }),
  })
  .meta({ id: 'Application' });

const interviewRef = z.object({ id, starts_at: dateTime, ends_at: dateTime.nullish() });

export const canonicalDataSchemas = {
  'application.created': z.object({ application: applicationSchema }),
  'application.stage_changed': z.object({
    application: applicationSchema,
    from_stage: stageSchema.nullish(),
  }),
  'interview.scheduled': z.object({ application_id: id, interview: interviewRef }),
  'interview.rescheduled': z.object({ application_id: id, interview: interviewRef }),
  'interview.cancelled': z.object({ application_id: id, interview: z.object({ id }) }),
  'interview.completed': z.object({
    application_id: id,
    interview: z.object({ id, ended_at: dateTime.nullish() }),
  }),
  'feedback.submitted': z.object({
    application_id: id,
    interview_id: id.nullish(),
    submitted_by: personSchema,
    from_hiring_manager: z.boolean(),
    recommendation: z.enum(['advance', 'reject', 'hold']).nullish(),
  }),
  'candidate.contacted': z.object({
    application_id: id,
    direction: z.enum(['outbound', 'inbound']),
    channel: z.enum(['email', 'phone', 'sms', 'other']),
  }),
  'application.update_promised': z.object({ application_id: id, by: dateTime }),
  'candidate.competing_offer': z.object({ application_id: id, deadline: dateTime }),
  'application.rejected': z.object({ application_id: id }),
  'application.hired': z.object({ application_id: id }),
  'application.withdrawn': z.object({ application_id: id }),
  'job.updated': z.object({ job: jobSchema }),
  'candidate.updated': z.object({ candidate: candidateSchema }),
  'candidate.deleted': z.object({ candidate_id: id }),
} as const;

export type CanonicalEventType = keyof typeof canonicalDataSchemas;
export const canonicalEventTypes = Object.keys(canonicalDataSchemas) as CanonicalEventType[];

export function isCanonicalEventType(type: string): type is CanonicalEventType {
  return Object.prototype.hasOwnProperty.call(canonicalDataSchemas, type);
}

export type CanonicalData<T extends CanonicalEventType> = z.output<(typeof canonicalDataSchemas)[T]>;
export type Person = z.output<typeof personSchema>;
export type Candidate = z.output<typeof candidateSchema>;
export type Job = z.output<typeof jobSchema>;
export type Stage = z.output<typeof stageSchema>;
export type Application = z.output<typeof applicationSchema>;

/** A validated canonical event: a discriminated union over `type`. */
export type CanonicalEvent = {
  [T in CanonicalEventType]: { id: string; type: T; occurred_at: string; data: CanonicalData<T> };
}[CanonicalEventType];

export const envelopeSchema = z.object({
  id,
  type: nonEmpty.max(200),
  occurred_at: dateTime,
  data: z.unknown(),
});

export interface ValidationIssue {
  path: string;
  message: string;
}

export type ParseResult =
  | { kind: 'event'; event: CanonicalEvent }
  | { kind: 'unknown_type'; type: string }
  | { kind: 'invalid'; errors: ValidationIssue[] };

/** Validates one canonical event. Unknown types are not an error: keepwarm ignores them. */
export function parseCanonicalEvent(body: unknown): ParseResult {
  const envelope = validate(envelopeSchema, body);
  if (!envelope.success) return { kind: 'invalid', errors: toIssues(envelope.issues) };
  const { type } = envelope.data;
  if (!isCanonicalEventType(type)) return { kind: 'unknown_type', type };
  const data = validate(canonicalDataSchemas[type], envelope.data.data ?? {});
  if (!data.success) return { kind: 'invalid', errors: toIssues(data.issues, 'data') };
  return {
    kind: 'event',
    event: {
      id: envelope.data.id,
      type,
      occurred_at: envelope.data.occurred_at,
      data: data.data,
    } as CanonicalEvent,
  };
}

export function toIssues(issues: ReadonlyArray<z.core.$ZodIssue>, prefix?: string): ValidationIssue[] {
  return issues.slice(0, 50).map((issue) => ({
    path:
      [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.') ||
      '(root)',
    message: issue.message,
  }));
}
