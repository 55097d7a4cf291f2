import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { displayNameSafe } from '../email/escape';
import { classifySendError } from '../infra/mailer/mail-errors';
import { mailFromAddress, MailTransport, messageIdDomain } from '../infra/mailer/mail-transport';
import { MetricsService } from '../infra/metrics/metrics.service';
import { queueNames } from '../infra/queue/queue.constants';
import { PipelineService } from '../pipeline/pipeline.service';
import { createCalendars } from '../policy';
import type { Calendars } from '../policy';
import { deliveryDecision, statusAfter } from './delivery-guards';
import { recordSent } from './delivery-recording';
import type { RenderedMessage } from './notification-contracts';
import { NotificationRenderers } from './notification-renderers';
import { NotificationsRepository } from './notifications.repository';
import type { EmailJobData } from './outbox-relay.service';

export type DeliveryResult = 'sent' | 'skipped' | 'cancelled' | 'suppressed' | 'held';

/** The Message-ID of a notification's email: the same on every retry and resend, so a duplicate is recognisable. */
export function messageIdOf(notificationId: string, mailFrom: string): string {
  return `<${notificationId}@${messageIdDomain(mailFrom)}>`;
}

/**
 * Sends one notification per job: re-checks the guards, renders at send time, sends with a stable
 * Message-ID, and records the result. For keep_warm the pipeline records the update as outbound
 * contact in the same transaction that marks it sent. Transient SMTP failures are thrown for BullMQ
 * to retry with exponential backoff; permanent ones (5xx) end as 'failed' at once.
 */
@Processor(queueNames.email)
export class EmailProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EmailProcessor.name);
  private readonly calendars: Calendars;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
    private readonly renderers: NotificationRenderers,
    private readonly transport: MailTransport,
    private readonly pipeline: PipelineService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.calendars = createCalendars(config.policy);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.env.emailConcurrency;
  }

  /** Workers stop taking jobs and finish the ones in hand before the mail connections close. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker.close();
    await this.transport.close();
  }

  async process(job: Job<EmailJobData>): Promise<DeliveryResult> {
    const attempts = job.opts.attempts ?? 1;
    return this.deliver(job.data.notificationId, { finalAttempt: job.attemptsMade + 1 >= attempts });
  }

  /** `now` is the clock the guards and the record use: the real one, or a test's (the backtest agreement). */
  async deliver(
    notificationId: string,
    options: { finalAttempt: boolean; now?: Date },
  ): Promise<DeliveryResult> {
    const now = options.now ?? new Date();
    const prepared = await this.dataSource.transaction(async (manager) => {
      const state = await this.repository.lockForDelivery(manager, notificationId);
      // Already sent, cancelled or failed (a twin job, a resend after a crash): nothing to do.
      if (!state || state.status !== 'queued') return null;
      const decision = deliveryDecision(state, this.config.policy, this.calendars, now);
      if (decision.action === 'hold') {
        await this.repository.holdUntil(manager, notificationId, decision.until);
        return 'held' as const;
      }
      if (decision.action !== 'send') {
        const status = statusAfter(decision);
        await this.repository.setStatus(manager, [notificationId], status, decision.reason);
        this.metrics.notifications.inc({ kind: state.kind, status, reason: decision.reason });
        return status;
      }
      await this.repository.recordAttempt(manager, notificationId);
      return state;
    });
    if (prepared === null) return 'skipped';
    if (typeof prepared === 'string') return prepared;
    const kind = prepared.kind;

    let message: RenderedMessage | null;
    try {
      const renderer = this.renderers.rendererFor(kind);
      if (!renderer) throw new Error(`No renderer is registered for ${kind} notifications`);
      message = await renderer(notificationId, this.dataSource.manager);
    } catch (error) {
      // A template that cannot render will not render on the next try either.
      this.logger.error(`Rendering notification ${notificationId} (${kind}) failed: ${String(error)}`);
      this.metrics.emailSendFailures.inc({ kind, reason: 'render_failed' });
      await this.fail(notificationId, kind, 'render_failed', 'render_failed');
      throw new UnrecoverableError(`render_failed: ${String(error)}`);
    }
    if (!message) {
      // The recipient is gone (erased, no address any more): there is nobody to send to.
      await this.repository.setStatus(
        this.dataSource.manager,
        [notificationId],
        'cancelled',
        'recipient_gone',
      );
      this.metrics.notifications.inc({ kind, status: 'cancelled', reason: 'recipient_gone' });
      return 'cancelled';
    }

    const messageId = messageIdOf(notificationId, this.config.env.mailFrom);
    let response: string;
    try {
      const sent = await this.transport.send({
        messageId,
        from: {
          name: displayNameSafe(message.fromName ?? this.config.env.companyName),
          address: mailFromAddress(this.config.env.mailFrom),
        },
        to: message.to,
        replyTo: message.replyTo ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
      response = sent.response;
    } catch (error) {
      const failure = classifySendError(error);
      this.metrics.emailSendFailures.inc({ kind, reason: failure.reason });
      const reason = `${failure.reason}: ${failure.detail}`;
      if (failure.permanent) {
        await this.fail(notificationId, kind, reason, failure.reason);
        throw new UnrecoverableError(reason);
      }
      if (options.finalAttempt) await this.fail(notificationId, kind, reason, failure.reason);
      else await this.repository.recordRetry(this.dataSource.manager, notificationId, `retrying: ${reason}`);
      throw error;
    }

    const sentAt = options.now ?? new Date();
    await this.dataSource.transaction((manager) =>
      recordSent(
        {
          markSent: (id, receipt) => this.repository.markSent(manager, id, receipt),
          applyToPipeline: (source, incoming, at) => this.pipeline.apply(manager, source, incoming, at),
        },
        { id: notificationId, kind, applicationId: prepared.applicationId },
        { at: sentAt, messageId, response, recipientEmail: message.to },
      ),
    );
    this.metrics.notifications.inc({ kind, status: 'sent', reason: 'none' });
    return 'sent';
  }

  private async fail(notificationId: string, kind: string, reason: string, label: string): Promise<void> {
    await this.repository.markFailed(this.dataSource.manager, notificationId, reason.slice(0, 500));
    this.metrics.notifications.inc({ kind, status: 'failed', reason: label });
  }
}
