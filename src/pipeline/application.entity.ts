import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { StageKind } from '../canonical/canonical-event.schema';
import type { ApplicationStatus } from '../policy/types';

/** The projection of one application: the fold of its events in (occurred_at, received order). */
@Entity('applications')
@Index('applications_due_idx', ['nextEvaluationAt'], { where: 'next_evaluation_at IS NOT NULL' })
@Index('applications_job_idx', ['jobId'])
@Index('applications_candidate_idx', ['candidateId'])
export class Application {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', name: 'candidate_id' })
  candidateId!: string;

  @Column({ type: 'text', name: 'job_id' })
  jobId!: string;

  /** Where its events come from: 'canonical', 'greenhouse', 'lever', 'ashby'. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ type: 'text', name: 'stage_name' })
  stageName!: string;

  @Column({ type: 'text', name: 'stage_kind' })
  stageKind!: StageKind;

  @Column({ type: 'timestamptz', name: 'stage_entered_at' })
  stageEnteredAt!: Date;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  /** When the application was created in the ATS. */
  @Column({ type: 'timestamptz', name: 'applied_at' })
  appliedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_outbound_contact_at', nullable: true })
  lastOutboundContactAt!: Date | null;

  /** Last outbound contact by a human (keepwarm's own updates excluded): resets the automatic-update cap. */
  @Column({ type: 'timestamptz', name: 'last_human_outbound_contact_at', nullable: true })
  lastHumanOutboundContactAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_inbound_contact_at', nullable: true })
  lastInboundContactAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'oldest_unanswered_inbound_at', nullable: true })
  oldestUnansweredInboundAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'awaiting_feedback_since', nullable: true })
  awaitingFeedbackSince!: Date | null;

  @Column({ type: 'timestamptz', name: 'update_promised_at', nullable: true })
  updatePromisedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'update_promised_by', nullable: true })
  updatePromisedBy!: Date | null;

  @Column({ type: 'timestamptz', name: 'competing_offer_deadline', nullable: true })
  competingOfferDeadline!: Date | null;

  @Column({ type: 'timestamptz', name: 'scheduling_clock_since', nullable: true })
  schedulingClockSince!: Date | null;

  @Column({ type: 'int', name: 'scheduled_interviews_in_stage', default: 0 })
  scheduledInterviewsInStage!: number;

  @Column({ type: 'int', name: 'reschedules_in_stage', default: 0 })
  reschedulesInStage!: number;

  @Column({ type: 'timestamptz', name: 'snoozed_until', nullable: true })
  snoozedUntil!: Date | null;

  @Column({ type: 'text', name: 'snooze_reason', nullable: true })
  snoozeReason!: string | null;

  /** When the sweep must look at it next (null: nothing can change by time alone). Indexed: sweeps touch only due rows. */
  @Column({ type: 'timestamptz', name: 'next_evaluation_at', nullable: true })
  nextEvaluationAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_event_at' })
  lastEventAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
