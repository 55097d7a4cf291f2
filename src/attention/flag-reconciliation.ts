import type { FlagDraft, FlagKind, Severity } from '../policy/types';
import { severityRank } from '../policy/urgency';

// Pure: what the sweep writes so that an application's open flags equal evaluate()'s drafts.
// One open flag per kind; a draft with the open flag's cause is the same occurrence (updated in
// place), a different cause is a new occurrence (the old one is superseded).

export interface StoredFlag {
  id: string;
  applicationId: string;
  kind: FlagKind;
  severity: Severity;
  cause: string;
  raisedAt: Date;
  waitingSince: Date;
  details: Record<string, unknown>;
}

export type Resolution = 'cause_gone' | 'closed' | 'superseded' | `answered:${string}`;

export interface FlagChanges {
  open: FlagDraft[];
  /** Same occurrence, new severity or numbers; escalated when the severity rose. */
  update: Array<{ flag: StoredFlag; draft: FlagDraft; escalated: boolean; severityChanged: boolean }>;
  resolve: Array<{ flag: StoredFlag; resolution: Resolution }>;
  /** Open flags left as they are (same cause, severity and details). */
  keep: StoredFlag[];
}

export function reconcileFlags(
  openFlags: readonly StoredFlag[],
  drafts: readonly FlagDraft[],
  applicationClosed: boolean,
): FlagChanges {
  const changes: FlagChanges = { open: [], update: [], resolve: [], keep: [] };
  const draftsByKind = new Map(drafts.map((draft) => [draft.kind, draft]));
  const openKinds = new Set<FlagKind>();
  for (const flag of openFlags) {
    openKinds.add(flag.kind);
    const draft = draftsByKind.get(flag.kind);
    if (!draft) {
      changes.resolve.push({ flag, resolution: applicationClosed ? 'closed' : 'cause_gone' });
    } else if (draft.cause !== flag.cause) {
      changes.resolve.push({ flag, resolution: 'superseded' });
      changes.open.push(draft);
    } else if (draft.severity !== flag.severity || !sameDetails(draft.details, flag.details)) {
      changes.update.push({
        flag,
        draft,
        escalated: severityRank(draft.severity) > severityRank(flag.severity),
        severityChanged: draft.severity !== flag.severity,
      });
    } else {
      changes.keep.push(flag);
    }
  }
  for (const draft of drafts) if (!openKinds.has(draft.kind)) changes.open.push(draft);
  return changes;
}

function sameDetails(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

// jsonb does not keep key order: compare with sorted keys.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : inner,
  );
}
