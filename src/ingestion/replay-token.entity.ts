import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Single-use tokens of vendors that sign no body (Lever): a token seen twice is a replay. */
@Entity('webhook_replay_tokens')
export class ReplayToken {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  @PrimaryColumn({ type: 'text' })
  token!: string;

  @Column({ type: 'timestamptz', name: 'seen_at', default: () => 'now()' })
  seenAt!: Date;
}
