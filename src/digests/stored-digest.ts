import type { ComposedDigest, DigestEntry, DigestReason } from './compose/compose-digest';
import { compareByUrgency } from '../policy/urgency';
import type { FlagAction, FlagKind, Severity } from '../policy/types';

// Stored digests keep no candidate names: each entry keeps its application id and the name is read
// from the candidate when the digest is shown or sent. Erasing a candidate (docs/architecture.md, "Reliability
// rules") then reaches old digests too, with nothing to rewrite in them.

export function withoutCandidateNames(digest: ComposedDigest): ComposedDigest {
  return { ...digest, entries: digest.entries.map((entry) => ({ ...entry, candidate_name: '' })) };
}

/** Names by application id; an entry whose application is gone reads "Unnamed candidate". */
export function withCandidateNames(
  digest: ComposedDigest,
  names: ReadonlyMap<string, string>,
): ComposedDigest {
  return {
    ...digest,
    entries: digest.entries.map((entry) => ({
      ...entry,
      candidate_name: names.get(entry.application_id) || 'Unnamed candidate',
    })),
  };
}

export function applicationIdsOf(digest: ComposedDigest): string[] {
  return [...new Set(digest.entries.map((entry) => entry.application_id))];
}

// ---- digests stored before entries ----

interface LegacyLine {
  flag_id: string;
  application_id: string;
  kind: FlagKind;
  action: FlagAction;
  severity: Severity;
  job_title: string;
  stage_name: string;
  stage_kind: DigestEntry['stage_kind'];
  application_url: string | null;
  hiring_manager_name: string | null;
  raised_at: string;
  waiting_since: string;
  measure: { value: number; unit: string; text: string };
  automatic: string[];
}

interface LegacyDigest {
  recruiter: ComposedDigest['recruiter'];
  local_date: string;
  generated_at: string;
  sections: Array<{ lines: LegacyLine[] }>;
  manager_stats?: ComposedDigest['manager_stats'];
}

function isLegacy(content: Record<string, unknown>): boolean {
  return !Array.isArray(content.entries) && Array.isArray(content.sections);
}

/**
 * A stored digest as the current model. Digests stored before entries existed listed one line per
 * flag under a section per action; they read back as one entry per application with every line's
 * reason, as they were worded then, uncapped and with nothing marked new.
 */
export function storedDigestContent(content: Record<string, unknown>, deskUrl: string): ComposedDigest {
  if (!isLegacy(content)) return content as unknown as ComposedDigest;
  const legacy = content as unknown as LegacyDigest;
  const byApplication = new Map<string, LegacyLine[]>();
  for (const line of legacy.sections.flatMap((section) => section.lines)) {
    const lines = byApplication.get(line.application_id) ?? [];
    lines.push(line);
    byApplication.set(line.application_id, lines);
  }
  const key = (line: LegacyLine) => ({
    severity: line.severity,
    waitingSince: new Date(line.waiting_since),
    id: line.flag_id,
  });
  const entries: DigestEntry[] = [...byApplication.values()].map((lines) => {
    lines.sort((a, b) => compareByUrgency(key(a), key(b)));
    const [top] = lines;
    const reasons: DigestReason[] = lines.map((line) => ({
      flag_id: line.flag_id,
      kind: line.kind,
      action: line.action,
      severity: line.severity,
      raised_at: line.raised_at,
      waiting_since: line.waiting_since,
      is_new: false,
      measure: line.measure as DigestReason['measure'],
      details: {},
      handled: null,
    }));
    return {
      application_id: top.application_id,
      candidate_name: '',
      job_title: top.job_title,
      stage_name: top.stage_name,
      stage_kind: top.stage_kind,
      application_url: top.application_url,
      hiring_manager_name: top.hiring_manager_name,
      severity: top.severity,
      needs_you: true,
      is_new: false,
      awaiting_reply: null,
      reasons,
      actions: [...new Set(lines.map((line) => line.action))],
      automatic: [...new Set(lines.flatMap((line) => line.automatic))],
    };
  });
  entries.sort((a, b) =>
    compareByUrgency(
      key(byApplication.get(a.application_id)![0]),
      key(byApplication.get(b.application_id)![0]),
    ),
  );
  const bySeverity = { urgent: 0, high: 0, medium: 0, low: 0 };
  for (const entry of entries) bySeverity[entry.severity] += 1;
  return {
    recruiter: legacy.recruiter,
    local_date: legacy.local_date,
    generated_at: legacy.generated_at,
    previous: null,
    is_empty: entries.length === 0,
    counts: {
      candidates: entries.length,
      new: 0,
      by_severity: bySeverity,
      handled_by_keepwarm: 0,
      reasons: entries.reduce((sum, entry) => sum + entry.reasons.length, 0),
    },
    entries,
    not_listed: { candidates: 0, handled_by_keepwarm: 0 },
    desk_url: deskUrl,
    manager_stats: legacy.manager_stats ?? [],
  };
}
