import { severities, type Severity } from './types';

// "Most urgent first" (the attention list, the desk, the digest): by severity, then the longest wait,
// then the flag's id so that the order is total (pages never overlap, output never wobbles). This is
// the one definition: the in-memory comparison below and the SQL ORDER BY (infra/database/ordering.ts)
// are both read off `urgencyOrder`.

/** 0 for low up to 3 for urgent: stored beside each flag (flags.severity_rank) so SQL can sort by it. */
export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

/** What the order looks at. */
export interface UrgencyKey {
  severity: Severity;
  /** When the flag's clock started. */
  waitingSince: Date;
  id: string;
}

type OrderedValue = number | string;

const valueOf: Record<'severityRank' | 'waitingSince' | 'id', (key: UrgencyKey) => OrderedValue> = {
  severityRank: (key) => severityRank(key.severity),
  waitingSince: (key) => key.waitingSince.getTime(),
  id: (key) => key.id,
};

export const urgencyOrder = [
  { key: 'severityRank', direction: 'desc' },
  { key: 'waitingSince', direction: 'asc' },
  { key: 'id', direction: 'asc' },
] as const satisfies ReadonlyArray<{ key: keyof typeof valueOf; direction: 'asc' | 'desc' }>;

/** Negative when `a` is more urgent than `b`. Ids compare as text: PostgreSQL orders uuids the same way. */
export function compareByUrgency(a: UrgencyKey, b: UrgencyKey): number {
  for (const { key, direction } of urgencyOrder) {
    const x = valueOf[key](a);
    const y = valueOf[key](b);
    if (x === y) continue;
    const ascending = x < y ? -1 : 1;
    return direction === 'asc' ? ascending : -ascending;
  }
  return 0;
}
