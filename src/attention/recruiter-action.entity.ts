import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecruiterActionKind } from '../policy/types';

@Entity('recruiter_actions')
@Index('recruiter_actions_application_idx', ['applicationId', 'at'])
export class RecruiterAction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'application_id' })
  applicationId!: string;

  @Column({ type: 'text' })
  kind!: RecruiterActionKind;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
