import type { PipelineEvent } from '../pipeline/application-projection';
import type { IncomingEvent } from '../pipeline/pipeline.service';
import type { NotificationKind, NotificationStatus } from './notification.entity';

// What happens once a notification went out, shared by the email processor (a real send, in
// PostgreSQL) and the backtest (a simulated one, in memory): the outbox row records it, and a
// keep-warm update goes back into the pipeline as keepwarm's own outbound contact, together.

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

/** A message the server accepted was sent, even if an opt-out or closure landed mid-send: these rows record the truth. */
export const sendRecordableStatuses: readonly NotificationStatus[] = ['queued', 'cancelled'];

export interface SentRecording {
  /** The row becomes sent if its status is one of sendRecordableStatuses; false otherwise. */
  markSent(id: string, receipt: SendReceipt): Promise<boolean>;
  /** PipelineService.apply in the same transaction. */
  applyToPipeline(source: string, incoming: readonly IncomingEvent[], at: Date): Promise<unknown>;
}

/** Marks the notification sent and records a keep-warm update as contact; false when the row was no longer queued. */
export async function recordSent(
  store: SentRecording,
  notification: SentNotification,
  receipt: SendReceipt,
): Promise<boolean> {
  const marked = await store.markSent(notification.id, receipt);
  if (!marked || notification.kind !== 'keep_warm' || !notification.applicationId) return marked;
  // The one sanctioned path back into the pipeline: keepwarm's update counts as outbound contact.
  await store.applyToPipeline('keepwarm', [{ event: updateSentEvent(notification, receipt.at) }], receipt.at);
  return marked;
}

function updateSentEvent(notification: SentNotification, at: Date): PipelineEvent {
  return {
    id: `update:${notification.id}`,
    type: 'keepwarm.update_sent',
    occurred_at: at.toISOString(),
    data: { application_id: notification.applicationId!, notification_id: notification.id },
  };
}
