import type { StageKind } from '../canonical/canonical-event.schema';
import type { Policy } from './policy';

// ATS stage names are free text (docs/rules.md, "Stage kinds"). An explicit kind wins, then the
// policy's exact names, then the built-in patterns; unknown names count as interviews.

export interface StageKindMatch {
  kind: StageKind;
  /** False when nothing matched and the kind is the `interview` default (counted in metrics). */
  known: boolean;
}

// Checked in order: terminal and specific kinds before the broad ones, so "Offer Interview"
// is an offer, "Hiring Manager Interview" an interview and "Technical Screen" an interview.
const builtInPatterns: ReadonlyArray<readonly [RegExp, StageKind]> = [
  [/\bhired\b/, 'hired'],
  [/\b(rejected|archived)\b/, 'rejected'],
  [/\bwithdrawn\b/, 'withdrawn'],
  [/\boffers?\b/, 'offer'],
  [/\b(hiring manager|hm|resume|cv) (review|screen)\b/, 'hiring_manager_review'],
  [/\b(interviews?|on ?site|take ?home|technical|panel|final round)\b/, 'interview'],
  [/\b(phone|recruiter) screen\b|\bscreening\b/, 'recruiter_screen'],
  [/\b(applied|application review|new)\b/, 'applied'],
];

const exactNamesCache = new WeakMap<Policy['stage_kinds'], Map<string, StageKind>>();

export function stageKindFor(
  name: string,
  explicitKind: StageKind | null | undefined,
  policy: Pick<Policy, 'stage_kinds'>,
): StageKindMatch {
  if (explicitKind) return { kind: explicitKind, known: true };
  const configured = configuredNames(policy.stage_kinds).get(name.trim().toLowerCase());
  if (configured) return { kind: configured, known: true };
  const normalized = normalize(name);
  for (const [pattern, kind] of builtInPatterns) {
    if (pattern.test(normalized)) return { kind, known: true };
  }
  return { kind: 'interview', known: false };
}

function configuredNames(stageKinds: Policy['stage_kinds']): Map<string, StageKind> {
  let names = exactNamesCache.get(stageKinds);
  if (!names) {
    names = new Map(Object.entries(stageKinds).map(([name, kind]) => [name.trim().toLowerCase(), kind]));
    exactNamesCache.set(stageKinds, names);
  }
  return names;
}

/** "Take-Home_Exercise " -> "take home exercise" */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_\-/]+/g, ' ')
    .trim();
}
