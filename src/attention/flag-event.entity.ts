import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The history of every flag: opened, escalated, resolved and why. Analytics and the backtest read it. */
@Entity('flag_events')
@Index('flag_events_flag_idx', ['flagId', 'at'])
export class FlagEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'flag_id' })
  flagId!: string;

  @Column({ type: 'text', name: 'application_id' })
  applicationId!: string;

  /** opened | escalated | updated | resolved */
  @Column({ type: 'text' })
  event!: string;

  @Column({ type: 'text', nullable: true })
  severity!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
