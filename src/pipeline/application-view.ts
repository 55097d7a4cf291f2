// An application as GET /v1/applications/{id} shows it (snake_case, ISO strings).

export interface PersonView {
  id: string;
  name: string | null;
  email: string | null;
  timezone: string | null;
  country: string | null;
}

export interface ApplicationView {
  id: string;
  status: string;
  source: string;
  stage: { name: string; kind: string; entered_at: string };
  candidate: PersonView & {
    source_kind: string | null;
    agency_name: string | null;
    can_email: boolean;
    opted_out: boolean;
  };
  job: {
    id: string;
    title: string;
    status: string;
    recruiter: PersonView | null;
    hiring_manager: PersonView | null;
  };
  url: string | null;
  applied_at: string;
  closed_at: string | null;
  last_outbound_contact_at: string | null;
  last_inbound_contact_at: string | null;
  awaiting_reply_since: string | null;
  awaiting_feedback_since: string | null;
  update_promised_by: string | null;
  competing_offer_deadline: string | null;
  snoozed_until: string | null;
  next_evaluation_at: string | null;
}

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
