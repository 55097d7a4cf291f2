import { z } from 'zod';
import { stageKinds } from '../canonical/canonical-event.schema';
import { calendarDate } from '../infra/http/date-parameters';
import { jsonAnswer, problemAnswer, type ApiRoute } from '../infra/http/openapi';
import { flagActions, flagKinds, severities } from '../policy/types';

// The HTTP shapes of DigestsController: the zod schemas it validates requests with and the answers
// it gives, which also generate /docs.

const dateTime = z.string().meta({ format: 'date-time' });

export const queueDigestsBody = z
  .strictObject({
    recruiter_id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullish()
      .meta({ description: 'Omit for every recruiter', example: 'rec_1' }),
    date: calendarDate.nullish().meta({ description: "Default: each recruiter's local today" }),
  })
  .meta({ id: 'DigestRequest' });

export const queuedDigests = z
  .object({
    queued: z.number().int().min(0).meta({ example: 12 }),
    skipped: z.number().int().min(0).meta({ example: 3 }),
  })
  .meta({ id: 'DigestsQueued' });
export type QueuedDigests = z.output<typeof queuedDigests>;

export const recruiterIdParams = z.object({
  id: z.string().meta({ description: 'The recruiter id', example: 'rec_1' }),
});

export const digestQuery = z.object({
  date: calendarDate.optional().meta({ description: "Default: the recruiter's local today" }),
});

const severityCounts = z.record(z.enum(severities), z.number().int());

const digestReason = z.object({
  flag_id: z.uuid(),
  kind: z.enum(flagKinds),
  action: z.enum(flagActions).meta({ description: 'The suggested action' }),
  severity: z.enum(severities),
  raised_at: dateTime,
  waiting_since: dateTime,
  is_new: z.boolean().meta({ description: 'Raised after the previous digest was composed' }),
  measure: z
    .object({
      value: z.number(),
      unit: z.enum(['business_hours', 'business_days', 'reschedules']),
      text: z.string().meta({ example: 'waiting 4 business days for feedback from Dana Lee' }),
    })
    .meta({ description: 'The number shown: whole business days from one day up, business hours below' }),
  details: z
    .record(z.string(), z.unknown())
    .meta({ description: "The flag's numbers as the policy engine wrote them (hours_waiting, ...)" }),
  handled: z
    .object({
      status: z.enum(['sent', 'planned']),
      at: dateTime,
      text: z.string().meta({ example: 'keepwarm sent an update today at 10:04' }),
    })
    .nullable()
    .meta({ description: "keepwarm's own update already answered this reason: no action for the recruiter" }),
});

const digestEntry = z
  .object({
    application_id: z.string(),
    candidate_name: z.string(),
    job_title: z.string(),
    stage_name: z.string(),
    stage_kind: z.enum(stageKinds),
    application_url: z.string().nullable(),
    hiring_manager_name: z.string().nullable(),
    severity: z.enum(severities).meta({ description: 'The most urgent reason that needs the recruiter' }),
    needs_you: z.boolean().meta({ description: "false: keepwarm's own update answered every reason" }),
    is_new: z.boolean().meta({ description: 'Some reason is new since the previous digest' }),
    awaiting_reply: z
      .object({ since: dateTime, text: z.string() })
      .nullable()
      .meta({ description: 'The candidate wrote and no person has answered; automatic updates are held' }),
    reasons: z
      .array(digestReason)
      .meta({ description: 'Those that need the recruiter first, most urgent first' }),
    actions: z
      .array(z.enum(flagActions))
      .meta({ description: 'The distinct suggested actions of the reasons that need the recruiter' }),
    automatic: z.array(z.string()).meta({
      description: 'What keepwarm did on its own',
      example: ['manager reminded twice, last Wednesday'],
    }),
  })
  .meta({ description: 'One candidate (application) with every open reason' });

export const digestSchema = z
  .object({
    recruiter: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
    local_date: calendarDate,
    generated_at: dateTime,
    previous: z
      .object({ local_date: calendarDate, generated_at: dateTime })
      .nullable()
      .meta({ description: 'The previous stored digest "new" is measured against; null for a first digest' }),
    is_empty: z.boolean().meta({ description: 'No candidate needs the recruiter' }),
    counts: z.object({
      candidates: z.number().int().meta({ description: 'Candidates who need the recruiter, listed or not' }),
      new: z.number().int().meta({ description: 'Of those, new since the previous digest' }),
      by_severity: severityCounts,
      handled_by_keepwarm: z
        .number()
        .int()
        .meta({ description: "Candidates whose every reason keepwarm's own update already answered" }),
      reasons: z
        .number()
        .int()
        .meta({ description: 'Open reasons behind the candidates who need the recruiter' }),
    }),
    entries: z.array(digestEntry).meta({
      description: 'At most digest.max_candidates: the most urgent first, those answered by keepwarm last',
    }),
    not_listed: z
      .object({ candidates: z.number().int(), handled_by_keepwarm: z.number().int() })
      .meta({ description: 'Entries beyond the cap: counted, not named, listed on the desk' }),
    desk_url: z.string().meta({ description: 'The recruiter desk, where every candidate is listed' }),
    manager_stats: z
      .array(
        z.object({
          manager_name: z.string(),
          median_hours_to_feedback: z.number().nullable(),
          periods: z.number().int(),
        }),
      )
      .meta({
        description:
          "The recruiter's hiring managers' median time to feedback in clock hours (not business hours), " +
          'over waits that ended in feedback in the last 30 days; slowest first.',
      }),
  })
  .meta({ id: 'Digest' });
export type DigestAnswer = z.output<typeof digestSchema>;

export const digestsRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/digests',
    tags: ['digests'],
    summary: "Compose and queue recruiters' digests now",
    description:
      "Composes and queues the digest of one recruiter (recruiter_id) or of every recruiter, for each one's " +
      'local today or for the given date, now, whatever digest.local_time and digest.business_days_only say. ' +
      'Once per recruiter and date however often it is called: `queued` and `skipped` count only the digests ' +
      'this call stored, so a repeat call answers {"queued":0,"skipped":0}. `skipped` counts empty digests ' +
      'recorded as skipped (digest.skip_empty) and digests of recruiters without an email address (stored, ' +
      'their notification recorded as suppressed). Digests go only to recruiters.',
    request: { body: { required: false, content: { 'application/json': { schema: queueDigestsBody } } } },
    responses: {
      200: jsonAnswer(
        'How many digests this call stored and queued, and how many it stored as skipped',
        queuedDigests,
      ),
      400: problemAnswer('A bad field or date; the message shows the accepted form'),
      404: problemAnswer('recruiter_id is not the recruiter of any job'),
    },
  },
  {
    method: 'get',
    path: '/v1/recruiters/{id}/digest',
    tags: ['digests'],
    summary: "A recruiter's digest, as HTML or JSON",
    description:
      "Without a date, or with the recruiter's local today: composed live from the open flags now (nothing is " +
      'stored or sent). Any other date: the digest stored for that date, 404 if there is none. HTML when the ' +
      'Accept header prefers text/html (the email as the recruiter sees it), otherwise JSON.',
    request: { params: recruiterIdParams, query: digestQuery },
    responses: {
      200: {
        description: 'The digest',
        content: {
          'application/json': { schema: digestSchema },
          'text/html': { schema: z.string().meta({ description: 'The HTML part of the digest email' }) },
        },
      },
      400: problemAnswer('A bad date; the message shows the accepted form'),
      404: problemAnswer('Unknown recruiter, or no digest stored for that date'),
    },
  },
];
