import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Authentic payloads keepwarm could not read: kept with the reason, replayable after a fix. */
@Entity('quarantine')
@Index('quarantine_unreplayed_idx', ['receivedAt'], { where: 'replayed_at IS NULL' })
export class QuarantinedPayload {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', name: 'delivery_id', nullable: true })
  deliveryId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  errors!: Array<{ path: string; message: string }>;

  /** The body exactly as received (it may not even be JSON). */
  @Column({ type: 'text', name: 'raw_body' })
  rawBody!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', name: 'replayed_at', nullable: true })
  replayedAt!: Date | null;

  @Column({ type: 'text', name: 'replay_outcome', nullable: true })
  replayOutcome!: string | null;
}
