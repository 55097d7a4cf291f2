import type { Calendars, Policy } from '../policy';
import { nextSendTime } from '../policy';
import type { NotificationKind, NotificationStatus } from './notification.entity';

// What may have changed between planning and sending, checked by the relay before queueing and by
// the email processor again just before sending (a candidate can opt out in between).

/** A notification as the relay and the email processor see it, with the guards that can change after planning. */
export interface DeliveryState {
  id: string;
  kind: NotificationKind;
  status: NotificationStatus;
  applicationId: string | null;
  candidateId: string | null;
  recipientRole: string;
  scheduledFor: Date;
  applicationStatus: string | null;
  stageKind: string | null;
  snoozedUntil: Date | null;
  candidateOptedOut: boolean;
  candidateErased: boolean;
  /** Inbound contact on the application that no person has answered yet. */
  awaitingHumanReply: boolean;
  /** Where the recipient lives: the candidate's clock for candidate and agency mail, the person's otherwise. */
  recipientTimezone: string | null;
  recipientCountry: string | null;
}

/** The notification's row and the rows it points at (null when missing): what DeliveryState is made of. */
export interface DeliveryRow extends Omit<
  DeliveryState,
  'candidateOptedOut' | 'candidateErased' | 'recipientTimezone' | 'recipientCountry'
> {
  candidate: {
    optedOut: boolean;
    canEmail: boolean | null;
    erased: boolean;
    timezone: string | null;
    country: string | null;
  } | null;
  person: { timezone: string | null; country: string | null } | null;
}

export function deliveryStateOf(row: DeliveryRow): DeliveryState {
  const { candidate, person, ...notification } = row;
  const toCandidate = row.recipientRole === 'candidate' || row.recipientRole === 'agency';
  const recipient = toCandidate ? candidate : person;
  return {
    ...notification,
    candidateOptedOut: candidate !== null && (candidate.optedOut || candidate.canEmail === false),
    candidateErased: candidate?.erased ?? false,
    recipientTimezone: recipient?.timezone ?? null,
    recipientCountry: recipient?.country ?? null,
  };
}

/** The outbox status a decision other than send or hold leads to. */
export function statusAfter(decision: { action: 'cancel' | 'suppress' }): 'cancelled' | 'suppressed' {
  return decision.action === 'cancel' ? 'cancelled' : 'suppressed';
}

export type DeliveryDecision =
  | { action: 'send' }
  | { action: 'cancel'; reason: string }
  | { action: 'suppress'; reason: string }
  /** Snoozed: back to pending until the snooze ends, inside the recipient's send window. */
  | { action: 'hold'; until: Date };

const aboutAnApplication = new Set(['keep_warm', 'feedback_reminder']);

export function deliveryDecision(
  state: DeliveryState,
  policy: Policy,
  calendars: Calendars,
  now: Date,
): DeliveryDecision {
  if (!aboutAnApplication.has(state.kind)) return { action: 'send' };
  if (state.applicationStatus !== null && state.applicationStatus !== 'active') {
    return { action: 'cancel', reason: 'application_closed' };
  }
  if (state.kind === 'keep_warm') {
    if (state.candidateErased) return { action: 'cancel', reason: 'candidate_erased' };
    if (state.candidateOptedOut) return { action: 'suppress', reason: 'opted_out' };
    // The candidate wrote after the update was planned: they wait for a person, not a generic update.
    if (state.awaitingHumanReply) return { action: 'suppress', reason: 'awaiting_human_reply' };
    // Moved on to a step without automatic updates (an offer is a human conversation).
    if (state.stageKind !== null && !policy.keep_warm.stages.includes(state.stageKind as never)) {
      return { action: 'cancel', reason: 'stage_not_enabled' };
    }
  }
  if (state.snoozedUntil !== null && state.snoozedUntil > now) {
    const calendar = calendars.forPerson({
      timezone: state.recipientTimezone,
      country: state.recipientCountry,
    });
    return { action: 'hold', until: nextSendTime(state.snoozedUntil, calendar, policy.send_window) };
  }
  return { action: 'send' };
}
