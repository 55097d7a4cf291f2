import type { AnsweredCause } from '../policy/types';
import type { StoredFlag } from './flag-reconciliation';
import type { FlagEventRow, FlagUpdateRow, NewFlagRow, ResolvedFlagRow } from './sweep.repository';

// The flags table in memory, for the backtest: the flag half of SweepStore, with the outcome
// sweep.repository.ts's SQL has (one open flag per application and kind; only open flags change).

export interface MemoryFlag extends StoredFlag {
  status: 'open' | 'resolved';
  resolvedAt: Date | null;
  resolution: string | null;
}

export class MemoryFlagStore {
  private readonly all: MemoryFlag[] = [];
  private readonly byApplication = new Map<string, MemoryFlag[]>();
  private readonly byId = new Map<string, MemoryFlag>();

  async flagState(
    applicationIds: readonly string[],
  ): Promise<{ open: Map<string, StoredFlag[]>; answered: Map<string, AnsweredCause[]> }> {
    const open = new Map<string, StoredFlag[]>();
    const answered = new Map<string, AnsweredCause[]>();
    for (const applicationId of applicationIds) {
      for (const flag of this.byApplication.get(applicationId) ?? []) {
        if (flag.status === 'open') push(open, applicationId, flag);
        else if (flag.resolution?.startsWith('answered:'))
          push(answered, applicationId, { kind: flag.kind, cause: flag.cause });
      }
    }
    return { open, answered };
  }

  async resolveFlags(
    resolutions: ReadonlyArray<{ id: string; resolution: string }>,
    at: Date,
  ): Promise<ResolvedFlagRow[]> {
    const resolved: ResolvedFlagRow[] = [];
    for (const { id, resolution } of resolutions) {
      const flag = this.byId.get(id);
      if (!flag || flag.status !== 'open') continue;
      flag.status = 'resolved';
      flag.resolvedAt = at;
      flag.resolution = resolution;
      resolved.push({ id, applicationId: flag.applicationId, kind: flag.kind, resolution });
    }
    return resolved;
  }

  async insertFlags(flags: readonly NewFlagRow[], at: Date): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const row of flags) {
      const list = this.byApplication.get(row.applicationId) ?? [];
      if (list.some((flag) => flag.kind === row.kind && flag.status === 'open')) continue;
      const flag: MemoryFlag = {
        id: row.id,
        applicationId: row.applicationId,
        kind: row.kind,
        severity: row.severity,
        cause: row.cause,
        raisedAt: at,
        waitingSince: row.waitingSince,
        details: row.details,
        status: 'open',
        resolvedAt: null,
        resolution: null,
      };
      this.all.push(flag);
      this.byId.set(flag.id, flag);
      push(this.byApplication, row.applicationId, flag);
      inserted.add(flag.id);
    }
    return inserted;
  }

  async updateFlags(updates: readonly FlagUpdateRow[]): Promise<void> {
    for (const update of updates) {
      const flag = this.byId.get(update.id);
      if (!flag || flag.status !== 'open') continue;
      flag.severity = update.severity;
      flag.details = update.details;
    }
  }

  // The flags' history (opened, escalated, resolved) is for people reading one application; no report reads it.
  async insertFlagEvents(_events: readonly FlagEventRow[]): Promise<void> {}

  /** Every flag ever opened, in the order they were opened. */
  flags(): readonly MemoryFlag[] {
    return this.all;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
