import { z } from 'zod';
import { isKnownTimezone } from '../canonical/timezones';
import { stageKinds, StageKind } from '../canonical/canonical-event.schema';

// The policy of docs/contract.md ("Policy file"): every number the rules use, with the seeds' defaults.
// Keys keep the file's snake_case so the file, the docs and the code say the same thing.

const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM (00:00-24:00)');
const positive = z.number().finite().positive();
const stageKind = z.enum(stageKinds);

export const policySchema = z
  .object({
    timezone: z.string().refine(isKnownTimezone, 'must be an IANA timezone'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')
      .nullable(),
    feedback_sla_hours: positive,
    decision_overdue_business_days: positive,
    silence_business_days: positive,
    awaiting_reply_business_days: positive,
    scheduling_stalled_business_days: positive,
    competing_offer_window_business_days: positive,
    keep_warm: z
      .object({
        auto: z.boolean(),
        stages: z.array(stageKind),
        sources: z.array(z.string().min(1)),
        min_gap_business_days: z.number().finite().nonnegative(),
        max_in_a_row: z.number().int().nonnegative(),
      })
      .strict(),
    feedback_reminders: z.object({ auto: z.boolean() }).strict(),
    send_window: z.object({ start: clockTime, end: clockTime, business_days_only: z.boolean() }).strict(),
    digest: z
      .object({
        local_time: clockTime,
        business_days_only: z.boolean(),
        skip_empty: z.boolean(),
        // How many candidates one digest names; the rest are counted and linked to the desk.
        max_candidates: z.number().int().positive(),
      })
      .strict(),
    stage_kinds: z.record(z.string().min(1), stageKind),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy: Policy = {
  timezone: 'UTC',
  country: null,
  feedback_sla_hours: 48,
  decision_overdue_business_days: 10,
  silence_business_days: 5,
  awaiting_reply_business_days: 1,
  scheduling_stalled_business_days: 3,
  competing_offer_window_business_days: 5,
  keep_warm: {
    auto: true,
    stages: ['applied', 'recruiter_screen', 'hiring_manager_review', 'interview'],
    sources: ['canonical'],
    min_gap_business_days: 3,
    max_in_a_row: 3,
  },
  feedback_reminders: { auto: true },
  send_window: { start: '09:00', end: '18:00', business_days_only: true },
  digest: { local_time: '08:00', business_days_only: true, skip_empty: true, max_candidates: 25 },
  stage_kinds: { 'Phone Screen': 'recruiter_screen', Onsite: 'interview' },
};

export type { StageKind };
