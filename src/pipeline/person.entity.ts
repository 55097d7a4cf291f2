import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Recruiters and hiring managers: from canonical events, and the directory (PUT /v1/people/{id}). */
@Entity('people')
export class Person {
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

  /** Ids the person has in vendors' payloads, e.g. 'greenhouse:92913'. */
  @Column({ type: 'text', array: true, name: 'vendor_user_ids', default: () => "'{}'" })
  vendorUserIds!: string[];

  /** True once the directory has spoken for this person: events then no longer override the details. */
  @Column({ type: 'boolean', name: 'from_directory', default: false })
  fromDirectory!: boolean;

  /** occurred_at of the snapshot the row holds: an older snapshot never overrides a newer one. */
  @Column({ type: 'timestamptz', name: 'as_of' })
  asOf!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
