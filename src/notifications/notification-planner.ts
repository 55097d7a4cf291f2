import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../infra/metrics/metrics.service';
import { createCalendars, nextSendTime } from '../policy';
import type { ApplicationFacts, BusinessCalendar, Calendars } from '../policy';
import type { NotificationDraft, PlannedFlag, PlanningInput } from './notification-contracts';
import { NotificationsRepository } from './notifications.repository';
import { OutboxService } from './outbox.service';

// What the sweep writes to the outbox (docs/rules.md, rules 3, 4, 9, 11). Called inside the sweep's
// transaction for every evaluated application, so a flag and its notification commit together.
//
// One notification per flag occurrence: the idempotency key is the flag's kind and cause (the cause
// changes with a new silence, a new promise, a new feedback level), so repeated sweeps, replicas and
// restarts write it once. A send that must not happen is still written, as 'suppressed' with its
// reason, so that every automatic email keepwarm did not send can be explained.
//
// Snooze pauses rather than suppresses: while the application is snoozed the occurrence is recorded
// once as suppressed 'snoozed' (under a key of its own), and its real notification is planned when the
// sweep sees the application after the snooze, if the flag still stands. Sends already pending when a
// snooze starts are held back by the relay until the snooze ends.

export const keepWarmFlagKinds = ['candidate_silent', 'update_promise_missed'] as const;

type Intent =
  | { kind: 'keep_warm'; key: string; flag: PlannedFlag }
  | { kind: 'feedback_reminder'; key: string; flag: PlannedFlag; level: 1 | 2 };

@Injectable()
export class NotificationPlanner {
  private readonly calendars: Calendars;

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.calendars = createCalendars(config.policy);
  }

  /** Writes the notifications the application's open flags call for; returns how many rows it wrote. */
  async plan(manager: EntityManager, input: PlanningInput): Promise<number> {
    const { facts } = input;
    if (facts.status !== 'active') {
      // Closing an application cancels what it was still going to send.
      this.countCancelled(
        await this.repository.cancelOpenOfApplication(manager, facts.id, 'application_closed'),
        'application_closed',
      );
      return 0;
    }

    const intents = intentsFor(facts.id, input.openFlags);
    // Occurrences that are no longer open (answered, resolved, superseded by the next level) take
    // their waiting notifications with them: an update after the candidate heard from a human is noise.
    this.countCancelled(
      await this.repository.cancelOpenOfApplication(
        manager,
        facts.id,
        'flag_resolved',
        intents.map((intent) => intent.key),
      ),
      'flag_resolved',
    );
    if (intents.length === 0) return 0;

    const existing = await this.repository.keysOfApplication(manager, facts.id);
    let written = 0;
    for (const intent of intents) {
      if (existing.has(intent.key)) continue;
      const draft =
        intent.kind === 'keep_warm'
          ? await this.planKeepWarm(manager, input, intent)
          : await this.planFeedbackReminder(manager, input, intent);
      if (!draft || existing.has(draft.idempotencyKey)) continue;
      const { created } = await this.outbox.enqueue(manager, draft);
      if (created) written += 1;
    }
    return written;
  }

  private async planKeepWarm(
    manager: EntityManager,
    input: PlanningInput,
    intent: Extract<Intent, { kind: 'keep_warm' }>,
  ): Promise<NotificationDraft | null> {
    const { facts, now } = input;
    const policy = this.config.policy.keep_warm;
    // Automatic updates are off, or not for this step (offers are a human conversation): the flag
    // alone asks the recruiter to act.
    if (!policy.auto || !policy.stages.includes(facts.stage.kind)) return null;

    const isAgency = facts.candidate.isAgency;
    const base: NotificationDraft = {
      kind: 'keep_warm',
      idempotencyKey: intent.key,
      applicationId: facts.id,
      candidateId: facts.candidate.id,
      flagId: intent.flag.id,
      recipientRole: isAgency ? 'agency' : 'candidate',
      scheduledFor: now,
      context: {
        flag_kind: intent.flag.kind,
        cause: intent.flag.cause,
        ...(intent.flag.kind === 'update_promise_missed'
          ? { promised_by: intent.flag.details.promised_by }
          : {}),
      },
    };
    const suppressed = (reason: string): NotificationDraft => ({ ...base, status: 'suppressed', reason });

    // Vendor webhooks do not show the emails recruiters send from the ATS: such a candidate only looks silent.
    if (!policy.sources.includes(facts.source)) return suppressed('source_not_enabled');
    const candidate = await this.repository.candidateContact(manager, facts.candidate.id);
    if (!candidate || candidate.erasedAt) return suppressed('erased');
    if (candidate.optedOutAt || !candidate.canEmail || !facts.candidate.canEmail)
      return suppressed('opted_out');
    // Someone who wrote waits for a person's answer, not a generic update (rule 6). Under a key of its own,
    // like a snooze, so the update is planned again if the wait ends and the flag still stands.
    if (awaitsHumanReply(input))
      return { ...suppressed('awaiting_human_reply'), idempotencyKey: `${intent.key}:awaiting_human_reply` };
    if (isSnoozed(input)) return { ...suppressed('snoozed'), idempotencyKey: `${intent.key}:snoozed` };
    // Agency candidates hear through their agency, never directly (rule 9).
    const address = isAgency ? candidate.agencyEmail : candidate.email;
    if (!address) return suppressed('no_recipient_email');

    await this.repository.lockCandidate(manager, facts.candidate.id);
    // At most max_in_a_row automatic updates before a human acts (rule 4); keepwarm's own updates never reset it.
    const humanActedAt = await this.repository.lastHumanActAt(manager, facts.id);
    const inARow = await this.repository.automaticUpdatesSince(manager, facts.id, humanActedAt);
    if (inARow >= policy.max_in_a_row) return suppressed('cap_reached');

    const calendar = this.keepWarmCalendar(facts);
    // At most one automatic update per candidate per gap: a later one waits for the end of the gap.
    let earliest = now;
    const last = await this.repository.lastAutomaticUpdateAt(manager, facts.candidate.id);
    if (last && policy.min_gap_business_days > 0) {
      const gapEnds = calendar.addBusinessDays(last, policy.min_gap_business_days);
      if (gapEnds > earliest) earliest = gapEnds;
    }
    const scheduledFor = nextSendTime(earliest, calendar, this.config.policy.send_window);
    return {
      ...base,
      scheduledFor,
      context: { ...base.context, ...(earliest > now ? { deferred_until: earliest.toISOString() } : {}) },
    };
  }

  private async planFeedbackReminder(
    manager: EntityManager,
    input: PlanningInput,
    intent: Extract<Intent, { kind: 'feedback_reminder' }>,
  ): Promise<NotificationDraft | null> {
    const { facts, now } = input;
    if (!this.config.policy.feedback_reminders.auto) return null;
    const manager_ = facts.hiringManager;
    const base: NotificationDraft = {
      kind: 'feedback_reminder',
      idempotencyKey: intent.key,
      applicationId: facts.id,
      candidateId: facts.candidate.id,
      flagId: intent.flag.id,
      recipientRole: 'hiring_manager',
      recipientPersonId: manager_?.id ?? null,
      scheduledFor: now,
      context: {
        flag_kind: intent.flag.kind,
        cause: intent.flag.cause,
        level: intent.level,
        waiting_since: intent.flag.waitingSince.toISOString(),
      },
    };
    const suppressed = (reason: string): NotificationDraft => ({ ...base, status: 'suppressed', reason });
    if (!manager_ || !(await this.repository.personEmail(manager, manager_.id)))
      return suppressed('no_recipient_email');
    if (isSnoozed(input)) return { ...suppressed('snoozed'), idempotencyKey: `${intent.key}:snoozed` };
    const calendar = this.calendars.forPerson(manager_);
    return { ...base, scheduledFor: nextSendTime(now, calendar, this.config.policy.send_window) };
  }

  /** The recipient's calendar: the candidate's; for an agency contact, the candidate's if known, else the recruiter's. */
  private keepWarmCalendar(facts: ApplicationFacts): BusinessCalendar {
    if (facts.candidate.isAgency && !facts.candidate.timezone && facts.recruiter) {
      return this.calendars.forPerson(facts.recruiter);
    }
    return this.calendars.forPerson(facts.candidate);
  }

  private countCancelled(rows: ReadonlyArray<{ kind: string }>, reason: string): void {
    for (const row of rows) this.metrics.notifications.inc({ kind: row.kind, status: 'cancelled', reason });
  }
}

/** The notifications each open flag calls for, keyed by its occurrence. */
export function intentsFor(applicationId: string, flags: readonly PlannedFlag[]): Intent[] {
  const intents: Intent[] = [];
  for (const flag of flags) {
    if (flag.kind === 'candidate_silent' || flag.kind === 'update_promise_missed') {
      intents.push({ kind: 'keep_warm', key: `keep_warm:${applicationId}:${flag.kind}:${flag.cause}`, flag });
    } else if (flag.kind === 'feedback_overdue') {
      // The first reminder at the threshold and one repeat at twice the wait; never more per wait.
      const level = Number(flag.details.level ?? 1);
      if (level === 1 || level === 2) {
        intents.push({
          kind: 'feedback_reminder',
          key: `feedback_reminder:${applicationId}:${flag.cause}`,
          flag,
          level,
        });
      }
    }
  }
  return intents;
}

/** Inbound contact no person has answered yet: candidate_awaiting_reply open, or still within its threshold. */
export function awaitsHumanReply(input: PlanningInput): boolean {
  return (
    input.facts.oldestUnansweredInboundAt !== null ||
    input.openFlags.some((flag) => flag.kind === 'candidate_awaiting_reply')
  );
}

function isSnoozed(input: PlanningInput): boolean {
  return input.snoozedUntil !== null && input.snoozedUntil > input.now;
}
