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

const digestLine = z.object({
  flag_id: z.uuid(),
  application_id: z.string(),
  kind: z.enum(flagKinds),
  action: z.enum(flagActions),
  severity: z.enum(severities),
  candidate_name: z.string(),
  job_title: z.string(),
  stage_name: z.string(),
  stage_kind: z.enum(stageKinds),
  application_url: z.string().nullable(),
  hiring_manager_name: z.string().nullable(),
  raised_at: dateTime,
  waiting_since: dateTime,
  measure: z.object({
    value: z.number(),
    unit: z.enum(['business_hours', 'business_days', 'hours', 'days', 'reschedules']),
    text: z.string().meta({ example: '52 business hours waiting on Dana Lee' }),
  }),
  automatic: z.array(z.string()).meta({
    description: 'What keepwarm did on its own',
    example: ['manager reminded twice, last Wednesday'],
  }),
});

export const digestSchema = z
  .object({
    recruiter: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
    local_date: calendarDate,
    generated_at: dateTime,
    is_empty: z.boolean(),
    counts: z.object({
      total: z.number().int().meta({ description: 'Lines in the digest (one per open flag)' }),
      candidates: z.number().int().meta({ description: 'Distinct applications behind those lines' }),
      by_severity: z.record(z.enum(severities), z.number().int()),
    }),
    sections: z
      .array(
        z.object({
          kind: z.enum(flagKinds),
          action: z.enum(flagActions),
          title: z.string(),
          lines: z.array(digestLine),
        }),
      )
      .meta({ description: 'One per action, most urgent action first; lines most urgent first' }),
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
