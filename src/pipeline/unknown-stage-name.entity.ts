import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Stage names that matched no mapping and came without a kind, so they count as interviews
 * (docs/rules.md, "Stage kinds"): what operators should map in the policy's `stage_kinds`.
 * Stage names are labels of the ATS's pipeline, not personal data.
 */
@Entity('unknown_stage_names')
export class UnknownStageName {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  /** When a keepwarm process first received an event in a stage of this name. */
  @Column({ type: 'timestamptz', name: 'first_seen_at' })
  firstSeenAt!: Date;

  /** When one last did, to within a minute (processes write sightings at most once a minute). */
  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt!: Date;
}
