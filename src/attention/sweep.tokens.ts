import type { EntityManager } from 'typeorm';
import type { Outbox, PlanningInput } from '../notifications/notification-contracts';

// Injection tokens for the notifications domain's seams. The sweep works without them (flags only);
// NotificationsModule binds them (useExisting) and must be visible to SweepModule (global, or exported to it).

/** Writes the notifications an evaluated application calls for, inside the sweep's transaction. */
export const NOTIFICATION_PLANNER = Symbol('NOTIFICATION_PLANNER');

/** The outbox: the sweep only nudges the relay after a batch that wrote notifications. */
export const OUTBOX = Symbol('OUTBOX');

/** What the sweep needs from the planner; notifications' NotificationPlanner implements it. */
export interface NotificationPlannerPort {
  /** Returns how many notifications it wrote (created or suppressed) for this application. */
  plan(manager: EntityManager, input: PlanningInput): Promise<number>;
}

export type OutboxPort = Pick<Outbox, 'nudgeRelay'>;
