import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FlagAction, FlagKind, Severity } from '../policy/types';

export type FlagStatus = 'open' | 'resolved';

@Entity('flags')
// One open flag per application and kind: the database, not luck, keeps racing sweeps from doubling flags.
@Index('flags_one_open_per_kind', ['applicationId', 'kind'], { unique: true, where: "status = 'open'" })
@Index('flags_open_order_idx', ['severityRank', 'waitingSince', 'id'], { where: "status = 'open'" })
@Index('flags_application_idx', ['applicationId', 'status'])
export class Flag {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'application_id' })
  applicationId!: string;

  @Column({ type: 'text' })
  kind!: FlagKind;

  @Column({ type: 'text' })
  action!: FlagAction;

  @Column({ type: 'text' })
  severity!: Severity;

  /** 0 low .. 3 urgent: ordering in SQL. */
  @Column({ type: 'smallint', name: 'severity_rank' })
  severityRank!: number;

  /** The occurrence: an action answers a cause; a new cause (level, deadline, message) is a new flag. */
  @Column({ type: 'text' })
  cause!: string;

  @Column({ type: 'text' })
  status!: FlagStatus;

  @Column({ type: 'timestamptz', name: 'raised_at' })
  raisedAt!: Date;

  @Column({ type: 'timestamptz', name: 'waiting_since' })
  waitingSince!: Date;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  /** cause_gone, answered:<action>, closed, superseded */
  @Column({ type: 'text', name: 'resolution', nullable: true })
  resolution!: string | null;
}
