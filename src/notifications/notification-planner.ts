import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../infra/metrics/metrics.service';
import { createCalendars } from '../policy';
import type { Calendars } from '../policy';
import type { PlanningInput } from './notification-contracts';
import {
  automaticUpdateStatuses,
  openStatuses,
  planNotifications,
  plannedKinds,
  type PlanningStore,
} from './notification-planning';
import { NotificationsRepository } from './notifications.repository';
import { OutboxService } from './outbox.service';

// The planner the sweep calls inside its transaction: notification-planning.ts decides, on the outbox in PostgreSQL.

/** The planner the sweep calls, on the outbox in PostgreSQL. */
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
    const outcome = await planNotifications(this.storeIn(manager), input, this.config.policy, this.calendars);
    for (const { kind, reason } of outcome.cancelled)
      this.metrics.notifications.inc({ kind, status: 'cancelled', reason });
    return outcome.written;
  }

  private storeIn(manager: EntityManager): PlanningStore {
    const repository = this.repository;
    return {
      cancelOpenOfApplication: (applicationId, reason, keepKeys) =>
        repository.cancelOpenOfApplication(manager, applicationId, reason, keepKeys, {
          kinds: plannedKinds,
          statuses: openStatuses,
        }),
      keysOfApplication: (applicationId) => repository.keysOfApplication(manager, applicationId),
      candidateContact: (candidateId) => repository.candidateContact(manager, candidateId),
      personEmail: (personId) => repository.personEmail(manager, personId),
      lockCandidate: (candidateId) => repository.lockCandidate(manager, candidateId),
      humanActs: (applicationId) => repository.humanActs(manager, applicationId),
      automaticUpdates: (candidateId, applicationId) =>
        repository.automaticUpdates(manager, candidateId, applicationId, automaticUpdateStatuses),
      enqueue: (draft) => this.outbox.enqueue(manager, draft),
    };
  }
}
