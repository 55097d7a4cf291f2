import type { Calendars, Policy } from '../policy';
import { nextSendTime } from '../policy';
import type { DeliveryState } from './notifications.repository';

// What may have changed between planning and sending, checked by the relay before queueing and by
// the email processor again just before sending (a candidate can opt out in between).

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
