import type { StageKind } from '../canonical/canonical-event.schema';
import type { FlagAction, FlagKind, Severity } from '../policy/types';

// What the digest template renders: the recruiter's digest as plain data. The digests domain composes
// it (digests/compose); email owns the shape so that rendering depends on nothing above it. It is
// also the JSON of GET /v1/recruiters/{id}/digest, hence snake_case and ISO strings.
//
// One entry per candidate (per application), with every open reason of that application in it: an
// entry knows its application, its flags and their suggested actions, which is all a one-click link
// needs.

export type MeasureUnit = 'business_hours' | 'business_days' | 'reschedules';

export interface DigestMeasure {
  /** The number shown: whole business days from one day up, hours below one day. */
  value: number;
  unit: MeasureUnit;
  /** The number in words, e.g. "4 business days waiting on Dana Lee". */
  text: string;
}

/** keepwarm's own update already answered this reason: it is not an action for the recruiter. */
export interface HandledByKeepwarm {
  /** sent: the update went out after the reason's clock started; planned: it goes out later today. */
  status: 'sent' | 'planned';
  at: string;
  /** "keepwarm sent an update today at 10:04", "keepwarm's update goes out today at 14:00". */
  text: string;
}

export interface DigestReason {
  flag_id: string;
  kind: FlagKind;
  /** The suggested action (docs/contract.md, "Flags"). */
  action: FlagAction;
  severity: Severity;
  raised_at: string;
  waiting_since: string;
  /** Raised after the previous digest was composed (every reason of a first digest is new). */
  is_new: boolean;
  measure: DigestMeasure;
  /** The flag's numbers as the policy engine wrote them: hours_waiting, business_days_silent, deadline, ... */
  details: Record<string, unknown>;
  /** Set when keepwarm's own update answered it; then it asks nothing of the recruiter. */
  handled: HandledByKeepwarm | null;
}

export interface DigestEntry {
  application_id: string;
  /** Empty in stored digests: names are read from the candidate when shown (erasure reaches old digests). */
  candidate_name: string;
  job_title: string;
  stage_name: string;
  stage_kind: StageKind;
  application_url: string | null;
  hiring_manager_name: string | null;
  /** The most urgent reason's severity among those that ask something of the recruiter. */
  severity: Severity;
  /** Some reason asks the recruiter to act (false: keepwarm's own update answered every reason). */
  needs_you: boolean;
  /** Some reason is new since the previous digest. */
  is_new: boolean;
  /** The candidate wrote and no person has answered yet; keepwarm sends no automatic update meanwhile. */
  awaiting_reply: { since: string; text: string } | null;
  /** Every open reason of the application: those that need the recruiter first, each most urgent first. */
  reasons: DigestReason[];
  /** The distinct suggested actions of the reasons that need the recruiter, most urgent first. */
  actions: FlagAction[];
  /** What keepwarm did on its own, in words: "updates sent on 12 Nov and yesterday", "manager reminded twice". */
  automatic: string[];
}

export type SeverityCounts = Record<Severity, number>;

export interface ComposedDigest {
  recruiter: { id: string; name: string; timezone: string };
  local_date: string;
  generated_at: string;
  /** The digest that "new" is measured against: the recruiter's previous stored digest; null for a first digest. */
  previous: { local_date: string; generated_at: string } | null;
  /** No candidate needs the recruiter (entries answered by keepwarm alone may still be listed). */
  is_empty: boolean;
  counts: {
    /** Candidates who need the recruiter, listed or not. */
    candidates: number;
    /** Of those, how many are new since the previous digest. */
    new: number;
    /** The candidates who need the recruiter by their most urgent reason. */
    by_severity: SeverityCounts;
    /** Candidates whose every reason keepwarm's own update already answered. */
    handled_by_keepwarm: number;
    /** Open reasons behind the candidates who need the recruiter. */
    reasons: number;
  };
  /** At most digest.max_candidates entries: the most urgent first, those answered by keepwarm last. */
  entries: DigestEntry[];
  /** Entries beyond the cap: counted, not named, and found on the desk. */
  not_listed: { candidates: number; handled_by_keepwarm: number };
  /** The recruiter desk, where every candidate is listed. */
  desk_url: string;
  manager_stats: { manager_name: string; median_hours_to_feedback: number | null; periods: number }[];
}
