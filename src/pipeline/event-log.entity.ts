import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only log of canonical events, from the ATS and from keepwarm itself (source 'keepwarm':
 * its own updates and recruiter actions that count as contact). The pipeline projection is a fold of it.
 */
@Entity('event_log')
@Index('event_log_source_event_id_key', ['source', 'eventId'], { unique: true })
@Index('event_log_application_order_idx', ['applicationId', 'occurredAt', 'sequence'])
@Index('event_log_candidate_idx', ['candidateId'])
export class EventLogEntry {
  /** Received order: breaks ties between events that happened at the same instant. */
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'sequence' })
  sequence!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'text', name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'text', name: 'candidate_id', nullable: true })
  candidateId!: string | null;

  @Column({ type: 'text', name: 'job_id', nullable: true })
  jobId!: string | null;

  /** The canonical event as applied ({ id, type, occurred_at, data }). */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** The vendor's own payload this event came from, kept for replay and audit (null for canonical deliveries). */
  @Column({ type: 'jsonb', name: 'vendor_payload', nullable: true })
  vendorPayload!: unknown;
}
