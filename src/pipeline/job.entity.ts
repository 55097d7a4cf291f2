import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { JobStatus } from '../canonical/canonical-event.schema';

@Entity('jobs')
@Index('jobs_recruiter_idx', ['recruiterId'])
export class Job {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: 'open' })
  status!: JobStatus;

  /** When the status last changed: the job-closed clock. */
  @Column({ type: 'timestamptz', name: 'status_changed_at' })
  statusChangedAt!: Date;

  @Column({ type: 'text', name: 'recruiter_id', nullable: true })
  recruiterId!: string | null;

  @Column({ type: 'text', name: 'hiring_manager_id', nullable: true })
  hiringManagerId!: string | null;

  @Column({ type: 'timestamptz', name: 'as_of' })
  asOf!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
