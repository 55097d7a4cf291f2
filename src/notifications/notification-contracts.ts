import type { EntityManager } from 'typeorm';
import type { ApplicationFacts, FlagKind, Severity } from '../policy/types';
import type { NotificationKind, NotificationStatus } from './notification.entity';

// The shapes other domains hand to notifications. The sweep (attention) hands each evaluated
// application to the planner inside its own transaction; digests enqueue their email through the
// outbox service; the email processor renders each kind through the renderer registered for it.

/** An open flag after the sweep stored it (its database id is what notifications point at). */
export interface PlannedFlag {
  id: string;
  kind: FlagKind;
  severity: Severity;
  cause: string;
  raisedAt: Date;
  waitingSince: Date;
  details: Record<string, unknown>;
}

export interface PlanningInput {
  facts: ApplicationFacts;
  /** The application's open flags after this evaluation. */
  openFlags: readonly PlannedFlag[];
  snoozedUntil: Date | null;
  now: Date;
}

export interface NotificationDraft {
  kind: NotificationKind;
  /** Unique: the same flag occurrence (or recruiter and local date) never yields two notifications. */
  idempotencyKey: string;
  applicationId?: string | null;
  candidateId?: string | null;
  flagId?: string | null;
  digestId?: string | null;
  recipientRole: 'candidate' | 'agency' | 'hiring_manager' | 'recruiter';
  recipientPersonId?: string | null;
  scheduledFor: Date;
  /** 'pending' to send, or 'suppressed' with a reason to record a send that must not happen. */
  status?: Extract<NotificationStatus, 'pending' | 'suppressed'>;
  reason?: string | null;
  context?: Record<string, unknown>;
}

export interface EnqueueResult {
  id: string;
  /** false when a notification with this idempotency key already existed (nothing changed). */
  created: boolean;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** Display name for From (address is MAIL_FROM), Reply-To, extra headers (List-Unsubscribe ...). */
  fromName?: string;
  replyTo?: string | null;
  to: string;
  headers?: Record<string, string>;
}

/** Renders one notification kind at send time; returns null when the target is gone (nothing to send). */
export type NotificationRenderer = (
  notificationId: string,
  manager: EntityManager,
) => Promise<RenderedMessage | null>;

/** How many notifications ended a given way (reports: the demo, the backtest). */
export interface NotificationCount {
  kind: string;
  status: string;
  reason: string;
  count: number;
}
