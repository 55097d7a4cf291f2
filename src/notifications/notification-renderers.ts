import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { renderFeedbackReminder } from '../email/feedback-reminder.template';
import { renderKeepWarm, KeepWarmReason } from '../email/keep-warm.template';
import type { StageKind } from '../canonical/canonical-event.schema';
import { createCalendars } from '../policy';
import type { Calendars } from '../policy';
import type { NotificationRenderer, RenderedMessage } from './notification-contracts';
import type { NotificationKind } from './notification.entity';
import { RenderingQueries } from './notifications.repository';
import { UnsubscribeLinks } from './unsubscribe-links';

/**
 * The renderer of each notification kind, looked up by the email processor at send time.
 * keep_warm and feedback_reminder are built in; other domains add theirs at start
 * (digests: `renderers.register('digest', renderer)` in their module's onModuleInit).
 */
@Injectable()
export class NotificationRenderers {
  private readonly renderers = new Map<NotificationKind, NotificationRenderer>();
  private readonly calendars: Calendars;

  constructor(
    private readonly queries: RenderingQueries,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
  ) {
    this.calendars = createCalendars(config.policy);
    this.register('keep_warm', (id, manager) => this.renderKeepWarm(id, manager));
    this.register('feedback_reminder', (id, manager) => this.renderFeedbackReminder(id, manager));
  }

  register(kind: NotificationKind, renderer: NotificationRenderer): void {
    this.renderers.set(kind, renderer);
  }

  rendererFor(kind: NotificationKind): NotificationRenderer | undefined {
    return this.renderers.get(kind);
  }

  private async renderKeepWarm(
    notificationId: string,
    manager: EntityManager,
  ): Promise<RenderedMessage | null> {
    const found = await this.queries.keepWarm(manager, notificationId);
    if (!found || found.erased) return null;
    const toAgency = found.recipientRole === 'agency';
    // Never to the candidate when an agency represents them (rule 9): no agency address, no email.
    const to = toAgency ? found.agencyEmail : found.candidateEmail;
    if (!to) return null;
    const now = new Date();
    const unsubscribeUrl = this.links.url(found.candidateId, now);
    const reason: KeepWarmReason =
      found.context.flag_kind === 'update_promise_missed' ? 'update_promise_missed' : 'candidate_silent';
    const promisedBy =
      typeof found.context.promised_by === 'string' ? new Date(found.context.promised_by) : null;
    const companyName = this.config.env.companyName;
    const rendered = renderKeepWarm({
      candidate: { name: found.candidateName ?? '' },
      jobTitle: found.jobTitle,
      companyName,
      recruiterName: found.recruiterName ?? companyName,
      stage: { kind: found.stageKind as StageKind, name: found.stageName },
      reason,
      promisedBy,
      agencyContact: toAgency ? { name: null, agencyName: found.agencyName } : null,
      unsubscribeUrl,
      timezone: found.candidateTimezone ?? found.recruiterTimezone ?? this.calendars.forPerson(null).timezone,
    });
    return {
      ...rendered,
      to,
      // Candidates hear from the recruiter, by name, and their replies reach the recruiter (rule 11).
      fromName: found.recruiterName ?? companyName,
      replyTo: found.recruiterEmail,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  private async renderFeedbackReminder(
    notificationId: string,
    manager: EntityManager,
  ): Promise<RenderedMessage | null> {
    const found = await this.queries.feedbackReminder(manager, notificationId);
    if (!found || !found.managerEmail) return null;
    const calendar = this.calendars.forPerson({
      timezone: found.managerTimezone,
      country: found.managerCountry,
    });
    const waitingSince = new Date(String(found.context.waiting_since));
    const now = new Date();
    const rendered = renderFeedbackReminder({
      manager: { name: found.managerName, timezone: calendar.timezone },
      candidateName: found.candidateName ?? '',
      jobTitle: found.jobTitle,
      stage: { name: found.stageName, kind: found.stageKind as StageKind },
      waitingSince,
      businessHoursWaiting: calendar.businessHoursBetween(waitingSince, now),
      level: found.context.level === 2 ? 'second' : 'first',
      applicationUrl: found.applicationUrl,
      recruiterName: found.recruiterName ?? this.config.env.companyName,
    });
    return {
      ...rendered,
      to: found.managerEmail,
      fromName: found.recruiterName ?? this.config.env.companyName,
      replyTo: found.recruiterEmail,
    };
  }
}
