import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type InterviewStatus = 'scheduled' | 'cancelled' | 'completed';

@Entity('interviews')
@Index('interviews_application_idx', ['applicationId'])
export class Interview {
  @PrimaryColumn({ type: 'text', name: 'application_id' })
  applicationId!: string;

  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', name: 'stage_name' })
  stageName!: string;

  @Column({ type: 'text' })
  status!: InterviewStatus;

  @Column({ type: 'timestamptz', name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'int', name: 'reschedule_count', default: 0 })
  rescheduleCount!: number;
}
