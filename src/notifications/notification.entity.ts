import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const notificationKinds = ['keep_warm', 'feedback_reminder', 'digest'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationStatuses = [
  'pending',
  'queued',
  'sent',
  'failed',
  'suppressed',
  'cancelled',
] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** The outbox: written in the sweep's transaction, relayed to BullMQ, delivered once. */
@Entity('notifications')
@Index('notifications_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('notifications_due_idx', ['scheduledFor'], { where: "status = 'pending'" })
@Index('notifications_application_idx', ['applicationId', 'createdAt'])
@Index('notifications_candidate_idx', ['candidateId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  /** The same flag occurrence (or recruiter and local date) never yields two notifications. */
  @Column({ type: 'text', name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column({ type: 'text', name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'text', name: 'candidate_id', nullable: true })
  candidateId!: string | null;

  @Column({ type: 'uuid', name: 'flag_id', nullable: true })
  flagId!: string | null;

  @Column({ type: 'uuid', name: 'digest_id', nullable: true })
  digestId!: string | null;

  /** candidate | agency | hiring_manager | recruiter */
  @Column({ type: 'text', name: 'recipient_role' })
  recipientRole!: string;

  @Column({ type: 'text', name: 'recipient_person_id', nullable: true })
  recipientPersonId!: string | null;

  /** Resolved when sent; redacted on erasure. */
  @Column({ type: 'text', name: 'recipient_email', nullable: true })
  recipientEmail!: string | null;

  @Column({ type: 'timestamptz', name: 'scheduled_for' })
  scheduledFor!: Date;

  @Column({ type: 'text', default: 'pending' })
  status!: NotificationStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'text', name: 'message_id', nullable: true })
  messageId!: string | null;

  @Column({ type: 'text', name: 'provider_response', nullable: true })
  providerResponse!: string | null;

  /** Template data that is not personal: reason, level, stage; people are looked up at send time. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  context!: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
