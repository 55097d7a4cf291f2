import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One wait for a hiring manager's feedback: hiring-manager accountability (never a metric label). */
@Entity('feedback_periods')
@Index('feedback_periods_manager_idx', ['hiringManagerId', 'endedAt'])
export class FeedbackPeriod {
  @PrimaryColumn({ type: 'text', name: 'application_id' })
  applicationId!: string;

  @PrimaryColumn({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'text', name: 'hiring_manager_id', nullable: true })
  hiringManagerId!: string | null;

  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** How it ended: feedback, stage_change, closed. */
  @Column({ type: 'text', name: 'ended_by', nullable: true })
  endedBy!: string | null;
}
