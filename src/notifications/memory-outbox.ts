import { DueQueue } from '../pipeline/due-queue';
import { deliveryStateOf, type DeliveryState } from './delivery-guards';
import { sendRecordableStatuses, type SendReceipt } from './delivery-recording';
import type { EnqueueResult, NotificationCount, NotificationDraft } from './notification-contracts';
import type { NotificationKind, NotificationStatus } from './notification.entity';
import {
  automaticUpdateStatuses,
  openStatuses,
  plannedKinds,
  type AutomaticUpdate,
  type PlanningStore,
} from './notification-planning';
import type { CandidateContact } from './notifications.repository';

// The outbox in memory, for the backtest: the planner's store (PlanningStore) and the relay's and
// email processor's reads and writes, with the outcome notifications.repository.ts's SQL has. What
// it joins in SQL (the application, the candidate, the recipient) it asks OutboxLookups.

export interface OutboxLookups {
  application(id: string): {
    status: string;
    stageKind: string;
    snoozedUntil: Date | null;
    lastHumanOutboundContactAt: Date | null;
    awaitingHumanReply: boolean;
  } | null;
  candidate(id: string): {
    email: string | null;
    sourceKind: string | null;
    agencyEmail: string | null;
    canEmail: boolean;
    optedOutAt: Date | null;
    erasedAt: Date | null;
    timezone: string | null;
    country: string | null;
  } | null;
  person(id: string): { email: string | null; timezone: string | null; country: string | null } | null;
}

export interface MemoryNotification {
  id: string;
  kind: NotificationKind;
  idempotencyKey: string;
  applicationId: string | null;
  candidateId: string | null;
  flagId: string | null;
  recipientRole: string;
  recipientPersonId: string | null;
  scheduledFor: Date;
  status: NotificationStatus;
  reason: string | null;
  context: Record<string, unknown>;
  sentAt: Date | null;
}

export class MemoryOutbox implements PlanningStore {
  private readonly all: MemoryNotification[] = [];
  private readonly byId = new Map<string, MemoryNotification>();
  private readonly byKey = new Map<string, MemoryNotification>();
  private readonly byApplication = new Map<string, MemoryNotification[]>();
  private readonly keepWarmByCandidate = new Map<string, MemoryNotification[]>();
  private readonly due = new DueQueue<string>();

  constructor(private readonly lookups: OutboxLookups) {}

  // ---- PlanningStore --------------------------------------------------------------------------

  async cancelOpenOfApplication(
    applicationId: string,
    reason: string,
    keepKeys: readonly string[],
  ): Promise<Array<{ id: string; kind: NotificationKind }>> {
    const cancelled: Array<{ id: string; kind: NotificationKind }> = [];
    for (const row of this.byApplication.get(applicationId) ?? []) {
      if (!openStatuses.includes(row.status) || !plannedKinds.includes(row.kind)) continue;
      if (keepKeys.includes(row.idempotencyKey)) continue;
      this.setStatus([row.id], 'cancelled', reason);
      cancelled.push({ id: row.id, kind: row.kind });
    }
    return cancelled;
  }

  async keysOfApplication(applicationId: string): Promise<Set<string>> {
    return new Set((this.byApplication.get(applicationId) ?? []).map((row) => row.idempotencyKey));
  }

  async candidateContact(candidateId: string): Promise<CandidateContact | null> {
    const candidate = this.lookups.candidate(candidateId);
    if (!candidate) return null;
    return {
      id: candidateId,
      email: candidate.email,
      sourceKind: candidate.sourceKind,
      agencyEmail: candidate.agencyEmail,
      canEmail: candidate.canEmail,
      optedOutAt: candidate.optedOutAt,
      erasedAt: candidate.erasedAt,
    };
  }

  async personEmail(personId: string): Promise<string | null> {
    return this.lookups.person(personId)?.email ?? null;
  }

  // One replay, one thread of control: nothing to serialise against.
  async lockCandidate(): Promise<void> {}

  // The backtest replays a history: no recruiter acts in it through the API.
  async humanActs(
    applicationId: string,
  ): Promise<{ lastHumanOutboundContactAt: Date | null; lastRecruiterActionAt: Date | null }> {
    return {
      lastHumanOutboundContactAt: this.lookups.application(applicationId)?.lastHumanOutboundContactAt ?? null,
      lastRecruiterActionAt: null,
    };
  }

  async automaticUpdates(candidateId: string, applicationId: string): Promise<AutomaticUpdate[]> {
    const rows = new Set([
      ...(this.keepWarmByCandidate.get(candidateId) ?? []),
      ...(this.byApplication.get(applicationId) ?? []).filter((row) => row.kind === 'keep_warm'),
    ]);
    return [...rows]
      .filter((row) => automaticUpdateStatuses.includes(row.status))
      .map((row) => ({
        applicationId: row.applicationId,
        candidateId: row.candidateId,
        sentAt: row.sentAt,
        scheduledFor: row.scheduledFor,
      }));
  }

  async enqueue(draft: NotificationDraft): Promise<EnqueueResult> {
    const existing = this.byKey.get(draft.idempotencyKey);
    if (existing) return { id: existing.id, created: false };
    const row: MemoryNotification = {
      id: `n${this.all.length + 1}`,
      kind: draft.kind,
      idempotencyKey: draft.idempotencyKey,
      applicationId: draft.applicationId ?? null,
      candidateId: draft.candidateId ?? null,
      flagId: draft.flagId ?? null,
      recipientRole: draft.recipientRole,
      recipientPersonId: draft.recipientPersonId ?? null,
      scheduledFor: draft.scheduledFor,
      status: draft.status ?? 'pending',
      reason: draft.reason ?? null,
      context: draft.context ?? {},
      sentAt: null,
    };
    this.all.push(row);
    this.byId.set(row.id, row);
    this.byKey.set(row.idempotencyKey, row);
    if (row.applicationId !== null) push(this.byApplication, row.applicationId, row);
    if (row.candidateId !== null && row.kind === 'keep_warm')
      push(this.keepWarmByCandidate, row.candidateId, row);
    this.queue(row);
    return { id: row.id, created: true };
  }

  // ---- the relay and the email processor ------------------------------------------------------

  /** The earliest scheduled_for of a pending notification, in ms, or null. */
  nextDueAt(): number | null {
    return this.due.peek();
  }

  /** Up to `limit` pending notifications due at `now`, earliest first, as the relay claims them. */
  claimDue(now: Date, limit: number): DeliveryState[] {
    return this.due.takeDue(now.getTime(), limit).map((id) => this.deliveryState(this.byId.get(id)!));
  }

  reschedule(id: string, scheduledFor: Date): void {
    const row = this.byId.get(id)!;
    row.scheduledFor = scheduledFor;
    this.queue(row);
  }

  setStatus(ids: readonly string[], status: NotificationStatus, reason: string | null): void {
    for (const id of ids) {
      const row = this.byId.get(id)!;
      row.status = status;
      row.reason = reason;
      this.queue(row);
    }
  }

  markSent(id: string, receipt: SendReceipt): boolean {
    const row = this.byId.get(id);
    if (!row || !sendRecordableStatuses.includes(row.status)) return false;
    row.status = 'sent';
    row.reason = null;
    row.sentAt = receipt.at;
    this.queue(row);
    return true;
  }

  /** Erasure: what was still waiting for the candidate is cancelled (the memory outbox keeps no addresses). */
  forgetCandidate(candidateId: string): void {
    for (const row of this.all) {
      if (row.candidateId === candidateId && openStatuses.includes(row.status))
        this.setStatus([row.id], 'cancelled', 'candidate_erased');
    }
  }

  // ---- what the report reads ------------------------------------------------------------------

  notifications(): readonly MemoryNotification[] {
    return this.all;
  }

  /** How many notifications ended each way (kind, status, reason), as notifications.repository.ts counts them. */
  countsByOutcome(): NotificationCount[] {
    const counts = new Map<string, NotificationCount>();
    for (const row of this.all) {
      const reason = row.reason ?? 'none';
      const key = `${row.kind}\u0000${row.status}\u0000${reason}`;
      const count = counts.get(key);
      if (count) count.count += 1;
      else counts.set(key, { kind: row.kind, status: row.status, reason, count: 1 });
    }
    return [...counts.values()];
  }

  private queue(row: MemoryNotification): void {
    this.due.set(row.id, row.status === 'pending' ? row.scheduledFor.getTime() : null);
  }

  private deliveryState(row: MemoryNotification): DeliveryState {
    const application = row.applicationId === null ? null : this.lookups.application(row.applicationId);
    const candidate = row.candidateId === null ? null : this.lookups.candidate(row.candidateId);
    const person = row.recipientPersonId === null ? null : this.lookups.person(row.recipientPersonId);
    return deliveryStateOf({
      id: row.id,
      kind: row.kind,
      status: row.status,
      applicationId: row.applicationId,
      candidateId: row.candidateId,
      recipientRole: row.recipientRole,
      scheduledFor: row.scheduledFor,
      applicationStatus: application?.status ?? null,
      stageKind: application?.stageKind ?? null,
      snoozedUntil: application?.snoozedUntil ?? null,
      awaitingHumanReply: application?.awaitingHumanReply ?? false,
      candidate: candidate
        ? {
            optedOut: candidate.optedOutAt !== null,
            canEmail: candidate.canEmail,
            erased: candidate.erasedAt !== null,
            timezone: candidate.timezone,
            country: candidate.country,
          }
        : null,
      person: person ? { timezone: person.timezone, country: person.country } : null,
    });
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
