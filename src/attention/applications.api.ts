import { z } from 'zod';
import { dateOrDateTime } from '../infra/http/date-parameters';
import { jsonAnswer, problemAnswer, type ApiRoute } from '../infra/http/openapi';
import { applicationViewSchema } from '../pipeline/application-view';
import { recruiterActionKinds } from '../policy/types';
import { flagViewSchema, resolvedFlagViewSchema } from './attention-views';

// The HTTP shapes of ApplicationsController: the zod schemas it validates requests with and the
// answers it gives, which also generate /docs.

const dateTime = z.string().meta({ format: 'date-time' });

export const applicationIdParams = z.object({
  id: z.string().meta({ description: "The ATS's application id", example: 'app_123' }),
});

export const applicationStateSchema = applicationViewSchema
  .extend({ flags: z.array(flagViewSchema).meta({ description: 'Open flags, most urgent first' }) })
  .meta({ id: 'ApplicationState' });
export type ApplicationState = z.output<typeof applicationStateSchema>;

export const actionBody = z
  .strictObject({
    kind: z.enum(recruiterActionKinds),
    note: z.string().trim().max(2000).nullish().meta({ example: 'Pinged Morgan on Slack' }),
  })
  .meta({ id: 'RecruiterActionRequest' });

export const actionAnswer = z
  .object({
    action: z.object({
      id: z.uuid(),
      application_id: z.string(),
      kind: z.enum(recruiterActionKinds),
      note: z.string().nullable(),
      at: dateTime,
    }),
    resolved_flags: z.array(resolvedFlagViewSchema),
  })
  .meta({ id: 'RecruiterActionAnswer' });
export type ActionAnswer = z.output<typeof actionAnswer>;

export const snoozeBody = z
  .strictObject({
    until: dateOrDateTime.meta({
      description:
        "In the future. A date means the start of that day in the recruiter's timezone (the application's " +
        "job's recruiter; the policy's timezone when the recruiter's is unknown).",
    }),
    reason: z.string().trim().max(500).nullish().meta({ example: 'Candidate on holiday' }),
  })
  .meta({ id: 'SnoozeRequest' });

export const snoozeAnswer = z
  .object({ application_id: z.string(), snoozed_until: dateTime, reason: z.string().nullable() })
  .meta({ id: 'Snooze' });
export type SnoozeAnswer = z.output<typeof snoozeAnswer>;

const noSuchApplication = problemAnswer('No such application');
const badFields = problemAnswer('problem+json naming the bad fields (errors: [{path, message}])');

export const applicationsRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/applications/{id}',
    tags: ['applications'],
    summary: "An application's state as keepwarm sees it, with its open flags",
    request: { params: applicationIdParams },
    responses: {
      200: jsonAnswer('The application and its open flags', applicationStateSchema),
      404: noSuchApplication,
    },
  },
  {
    method: 'post',
    path: '/v1/applications/{id}/actions',
    tags: ['applications'],
    summary: 'Record what the recruiter did',
    description:
      'Resolves the open flags the action answers (manager_nudged: feedback_overdue until its next level; ' +
      'rejection_sent: decision_overdue and job_closed_with_active_candidates; scheduled: scheduling_stalled; ' +
      'expedited: competing_offer_deadline). An answered flag stays resolved for the same cause. candidate_updated ' +
      'and rejection_sent count as human outbound contact. The application is re-evaluated at once.',
    request: {
      params: applicationIdParams,
      body: { required: true, content: { 'application/json': { schema: actionBody } } },
    },
    responses: {
      201: jsonAnswer('The recorded action and the flags it resolved', actionAnswer),
      400: badFields,
      404: noSuchApplication,
    },
  },
  {
    method: 'post',
    path: '/v1/applications/{id}/snooze',
    tags: ['applications'],
    summary: 'Snooze an application until a date',
    description:
      'Resolves nothing: until then its open and new flags are hidden from the attention list and the digest, ' +
      'and its automatic sends are paused. A later snooze replaces an earlier one.',
    request: {
      params: applicationIdParams,
      body: { required: true, content: { 'application/json': { schema: snoozeBody } } },
    },
    responses: {
      200: jsonAnswer("The application's snooze", snoozeAnswer),
      400: problemAnswer(
        'A bad field, or an until that is not in the future; the message shows the accepted forms',
      ),
      404: noSuchApplication,
    },
  },
];
