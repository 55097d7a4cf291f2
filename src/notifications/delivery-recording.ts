import type { EntityManager } from 'typeorm';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { NotificationKind } from './notification.entity';
import type { NotificationsRepository } from './notifications.repository';

// What happens once a notification went out, shared by the email processor (a real send) and the
// backtest (a simulated one): the outbox row records it, and a keep-warm update goes back into the
// pipeline as keepwarm's own outbound contact, in the same transaction.

export interface SentNotification {
  id: string;
  kind: NotificationKind;
  applicationId: string | null;
}

export interface SendReceipt {
  at: Date;
  messageId: string;
  response: string;
  recipientEmail: string;
}

/** Marks the notification sent and records a keep-warm update as contact; false when the row was no longer queued. */
export async function recordSent(
  manager: EntityManager,
  repository: NotificationsRepository,
  pipeline: PipelineService,
  notification: SentNotification,
  receipt: SendReceipt,
): Promise<boolean> {
  const marked = await repository.markSent(manager, notification.id, receipt);
  if (!marked || notification.kind !== 'keep_warm' || !notification.applicationId) return marked;
  // The one sanctioned path back into the pipeline: keepwarm's update counts as outbound contact.
  await pipeline.apply(
    manager,
    'keepwarm',
    [
      {
        event: {
          id: `update:${notification.id}`,
          type: 'keepwarm.update_sent',
          occurred_at: receipt.at.toISOString(),
          data: { application_id: notification.applicationId, notification_id: notification.id },
        },
      },
    ],
    receipt.at,
  );
  return marked;
}
