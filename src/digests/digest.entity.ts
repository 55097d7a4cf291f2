import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// queued: handed to the outbox; skipped: empty with skip_empty on; suppressed: stored, but the
// recruiter has no email address (the outbox records the suppressed notification and why).
export type DigestStatus = 'queued' | 'skipped' | 'suppressed';

/** One digest per recruiter and local date, enforced by a unique index: replicas compose it once. */
@Entity('digests')
@Index('digests_recruiter_date_key', ['recruiterId', 'localDate'], { unique: true })
export class Digest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'recruiter_id' })
  recruiterId!: string;

  @Column({ type: 'date', name: 'local_date' })
  localDate!: string;

  @Column({ type: 'text' })
  status!: DigestStatus;

  /** The composed digest as shown (JSON), kept so a past date can be read back. */
  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  /** Candidates who needed the recruiter (the number the subject says). */
  @Column({ type: 'int', name: 'item_count' })
  itemCount!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'composed_at' })
  composedAt!: Date;
}
