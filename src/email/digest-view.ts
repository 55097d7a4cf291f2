import type { StageKind } from '../canonical/canonical-event.schema';
import type { FlagAction, FlagKind, Severity } from '../policy/types';

// What the digest template renders: the recruiter's digest as plain data. The digests domain composes
// it (digests/compose); email owns the shape so that rendering depends on nothing above it. It is
// also the JSON of GET /v1/recruiters/{id}/digest, hence snake_case and ISO strings.

export type MeasureUnit = 'business_hours' | 'business_days' | 'hours' | 'days' | 'reschedules';

export interface DigestMeasure {
  value: number;
  unit: MeasureUnit;
  /** The number in words, e.g. "52 business hours waiting on Dana Lee". */
  text: string;
}

export interface DigestLine {
  flag_id: string;
  application_id: string;
  kind: FlagKind;
  action: FlagAction;
  severity: Severity;
  candidate_name: string;
  job_title: string;
  stage_name: string;
  stage_kind: StageKind;
  application_url: string | null;
  hiring_manager_name: string | null;
  raised_at: string;
  waiting_since: string;
  measure: DigestMeasure;
  /** What keepwarm did on its own, in words: "update sent Tuesday", "manager reminded twice". */
  automatic: string[];
}

export interface DigestSection {
  kind: FlagKind;
  action: FlagAction;
  title: string;
  lines: DigestLine[];
}

export type SeverityCounts = Record<Severity, number>;

export interface ComposedDigest {
  recruiter: { id: string; name: string; timezone: string };
  local_date: string;
  generated_at: string;
  is_empty: boolean;
  counts: {
    /** Lines in the digest (one per open flag). */
    total: number;
    /** Distinct applications behind those lines. */
    candidates: number;
    by_severity: SeverityCounts;
  };
  sections: DigestSection[];
  manager_stats: { manager_name: string; median_hours_to_feedback: number | null; periods: number }[];
}
