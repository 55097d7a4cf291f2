import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('candidates')
export class Candidate {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  timezone!: string | null;

  @Column({ type: 'text', nullable: true })
  country!: string | null;

  @Column({ type: 'text', name: 'source_kind', nullable: true })
  sourceKind!: string | null;

  @Column({ type: 'text', name: 'agency_name', nullable: true })
  agencyName!: string | null;

  @Column({ type: 'text', name: 'agency_email', nullable: true })
  agencyEmail!: string | null;

  /** false: opted out in the ATS (can_email false). */
  @Column({ type: 'boolean', name: 'can_email', default: true })
  canEmail!: boolean;

  /** Opted out of keepwarm's updates (unsubscribe link or POST /v1/candidates/{id}/opt-out). */
  @Column({ type: 'timestamptz', name: 'opted_out_at', nullable: true })
  optedOutAt!: Date | null;

  /** Erased (candidate.deleted): personal data redacted everywhere; later events are stored redacted. */
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true })
  erasedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'as_of' })
  asOf!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
