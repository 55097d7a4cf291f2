import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PipelineService } from '../pipeline/pipeline.service';
import { createCalendars, type Calendars } from '../policy';
import { deliveryDecision } from './delivery-guards';
import { recordSent } from './delivery-recording';
import { NotificationsRepository } from './notifications.repository';

const deliveryBatch = 200;

/**
 * Delivery under a simulated clock, for the backtest: the relay's and the email processor's guards at
 * `at`, then recordSent as if the email went out at once. Nothing is rendered, queued or sent.
 */
@Injectable()
export class SimulatedDelivery {
  private readonly calendars: Calendars;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly pipeline: PipelineService,
    private readonly config: AppConfig,
  ) {
    this.calendars = createCalendars(config.policy);
  }

  async deliverDue(at: Date): Promise<void> {
    for (;;) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const rows = await this.notifications.claimDue(manager, at, deliveryBatch);
        for (const row of rows) {
          const decision = deliveryDecision(row, this.config.policy, this.calendars, at);
          if (decision.action === 'hold') {
            await this.notifications.reschedule(manager, row.id, decision.until);
          } else if (decision.action !== 'send') {
            const status = decision.action === 'cancel' ? 'cancelled' : 'suppressed';
            await this.notifications.setStatus(manager, [row.id], status, decision.reason);
          } else {
            await this.notifications.setStatus(manager, [row.id], 'queued', null);
            await recordSent(
              manager,
              this.notifications,
              this.pipeline,
              { id: row.id, kind: row.kind, applicationId: row.applicationId },
              {
                at,
                messageId: `<${row.id}@backtest.invalid>`,
                response: 'backtest: not sent',
                recipientEmail: '',
              },
            );
          }
        }
        return rows.length;
      });
      if (claimed < deliveryBatch) return;
    }
  }
}
