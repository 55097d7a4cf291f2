import type { JobStatus, StageKind } from '../canonical/canonical-event.schema';
import type { ApplicationFacts, ApplicationStatus, PersonFacts } from '../policy/types';

// An application's facts for the rules, from the columns of its row and the rows it joins (the
// candidate, the job, its recruiter and hiring manager): read by SQL for the service
// (applications.repository.ts), assembled from memory by the backtest, and turned into facts here.

/** An application's facts for the rules, and its snooze (which the rules ignore but the planner needs). */
export interface LoadedApplication {
  facts: ApplicationFacts;
  snoozedUntil: Date | null;
}

export interface FactsRow {
  id: string;
  status: ApplicationStatus;
  source: string;
  applied_at: Date;
  stage_name: string;
  stage_kind: StageKind;
  stage_entered_at: Date;
  last_outbound_contact_at: Date | null;
  oldest_unanswered_inbound_at: Date | null;
  awaiting_feedback_since: Date | null;
  update_promised_at: Date | null;
  update_promised_by: Date | null;
  competing_offer_deadline: Date | null;
  scheduling_clock_since: Date | null;
  scheduled_interviews_in_stage: number;
  reschedules_in_stage: number;
  snoozed_until: Date | null;
  candidate_id: string;
  c_timezone: string | null;
  c_country: string | null;
  c_source_kind: string | null;
  c_can_email: boolean | null;
  c_opted_out: boolean | null;
  c_erased: boolean | null;
  job_id: string;
  j_status: JobStatus | null;
  j_status_changed_at: Date | null;
  recruiter_id: string | null;
  r_name: string | null;
  r_timezone: string | null;
  r_country: string | null;
  hiring_manager_id: string | null;
  m_name: string | null;
  m_timezone: string | null;
  m_country: string | null;
}

export function toFacts(row: FactsRow): ApplicationFacts {
  const person = (
    id: string | null,
    name: string | null,
    timezone: string | null,
    country: string | null,
  ): PersonFacts | null => (id ? { id, name, timezone, country } : null);
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    createdAt: row.applied_at,
    stage: { name: row.stage_name, kind: row.stage_kind, enteredAt: row.stage_entered_at },
    candidate: {
      id: row.candidate_id,
      timezone: row.c_timezone,
      country: row.c_country,
      isAgency: row.c_source_kind === 'agency',
      // Opted out or erased: no automatic email whatever the ATS says.
      canEmail: row.c_can_email === true && row.c_opted_out !== true && row.c_erased !== true,
    },
    recruiter: person(row.recruiter_id, row.r_name, row.r_timezone, row.r_country),
    hiringManager: person(row.hiring_manager_id, row.m_name, row.m_timezone, row.m_country),
    job: {
      id: row.job_id,
      status: row.j_status ?? 'open',
      statusChangedAt: row.j_status_changed_at ?? row.applied_at,
    },
    lastOutboundContactAt: row.last_outbound_contact_at,
    oldestUnansweredInboundAt: row.oldest_unanswered_inbound_at,
    awaitingFeedbackSince: row.awaiting_feedback_since,
    promise:
      row.update_promised_at && row.update_promised_by
        ? { madeAt: row.update_promised_at, by: row.update_promised_by }
        : null,
    competingOfferDeadline: row.competing_offer_deadline,
    scheduling: {
      clockSince: row.scheduling_clock_since,
      hasScheduledInterview: row.scheduled_interviews_in_stage > 0,
      reschedulesInStage: row.reschedules_in_stage,
    },
  };
}
