import { z } from 'zod';
import { jobStatuses, stageKinds } from '../canonical/canonical-event.schema';

// An application as GET /v1/applications/{id} shows it (snake_case, ISO strings). The schema is the
// type and generates /docs.

const dateTime = z.string().meta({ format: 'date-time' });

export const personViewSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  timezone: z.string().nullable(),
  country: z.string().nullable(),
});
export type PersonView = z.output<typeof personViewSchema>;

export const applicationViewSchema = z.object({
  id: z.string().meta({ example: 'app_123' }),
  status: z.enum(['active', 'rejected', 'hired', 'withdrawn']),
  source: z
    .string()
    .meta({ description: 'Where its events come from: canonical, greenhouse, lever or ashby' }),
  stage: z.object({ name: z.string(), kind: z.enum(stageKinds), entered_at: dateTime }),
  candidate: personViewSchema.extend({
    source_kind: z.string().nullable().meta({ description: 'agency, referral, direct or sourced' }),
    agency_name: z.string().nullable(),
    can_email: z.boolean(),
    opted_out: z.boolean(),
  }),
  job: z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(jobStatuses),
    recruiter: personViewSchema.nullable(),
    hiring_manager: personViewSchema.nullable(),
  }),
  url: z.string().nullable().meta({ description: 'Link into the ATS' }),
  applied_at: dateTime,
  closed_at: dateTime.nullable(),
  last_outbound_contact_at: dateTime.nullable(),
  last_inbound_contact_at: dateTime.nullable(),
  awaiting_reply_since: dateTime.nullable(),
  awaiting_feedback_since: dateTime.nullable(),
  update_promised_by: dateTime.nullable(),
  competing_offer_deadline: dateTime.nullable(),
  snoozed_until: dateTime.nullable(),
  next_evaluation_at: dateTime.nullable(),
});
export type ApplicationView = z.output<typeof applicationViewSchema>;

/** One wait for a hiring manager's feedback, with the manager's calendar. */
export interface FeedbackPeriodRow {
  managerId: string;
  managerName: string | null;
  timezone: string | null;
  country: string | null;
  startedAt: Date;
  endedAt: Date | null;
  endedBy: string | null;
}
