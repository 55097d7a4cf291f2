import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface DirectoryPerson {
  id: string;
  name: string;
  email: string | null;
  timezone: string | null;
  country: string | null;
  vendorUserIds: string[];
}

interface PersonRow {
  id: string;
  name: string | null;
  email: string | null;
  timezone: string | null;
  country: string | null;
  vendor_user_ids: string[];
}

// Serialises directory writes across replicas, so two people never claim the same vendor user id.
const DIRECTORY_LOCK = 'people-directory';

/** The directory of recruiters and hiring managers (PUT /v1/people/{id}). Runs inside the caller's transaction. */
@Injectable()
export class PeopleRepository {
  async lockDirectory(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [DIRECTORY_LOCK]);
  }

  /** Directory people standing for any of these vendor user ids. */
  async findByVendorUserIds(manager: EntityManager, vendorUserIds: string[]): Promise<DirectoryPerson[]> {
    if (vendorUserIds.length === 0) return [];
    const rows: PersonRow[] = await manager.query(
      `SELECT id, name, email, timezone, country, vendor_user_ids FROM people
       WHERE from_directory AND vendor_user_ids && $1::text[]`,
      [vendorUserIds],
    );
    return rows.map(toDirectoryPerson);
  }

  /** The directory's word on a person: from then on, events no longer override their details. */
  async save(manager: EntityManager, person: DirectoryPerson, at: Date): Promise<DirectoryPerson> {
    const rows: PersonRow[] = await manager.query(
      `INSERT INTO people (id, name, email, timezone, country, vendor_user_ids, from_directory, as_of)
       VALUES ($1, $2, $3, $4, $5, $6::text[], true, $7)
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name, email = EXCLUDED.email, timezone = EXCLUDED.timezone, country = EXCLUDED.country,
         vendor_user_ids = EXCLUDED.vendor_user_ids, from_directory = true,
         as_of = GREATEST(people.as_of, EXCLUDED.as_of), updated_at = now()
       RETURNING id, name, email, timezone, country, vendor_user_ids`,
      [person.id, person.name, person.email, person.timezone, person.country, person.vendorUserIds, at],
    );
    return toDirectoryPerson(rows[0]);
  }

  /**
   * Jobs (and hiring-manager feedback periods) that name a vendor user id this person stands for now
   * name the person; the jobs' active applications are due for evaluation at once. Returns the jobs repointed.
   */
  async repointVendorUserIds(
    manager: EntityManager,
    personId: string,
    vendorUserIds: string[],
    now: Date,
  ): Promise<number> {
    if (vendorUserIds.length === 0) return 0;
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than rows.
    const jobs: Array<{ id: string }> = await manager.query(
      `WITH repointed AS (
         UPDATE jobs SET
           recruiter_id = CASE WHEN recruiter_id = ANY($2::text[]) THEN $1 ELSE recruiter_id END,
           hiring_manager_id = CASE WHEN hiring_manager_id = ANY($2::text[]) THEN $1 ELSE hiring_manager_id END,
           updated_at = now()
         WHERE recruiter_id = ANY($2::text[]) OR hiring_manager_id = ANY($2::text[])
         RETURNING id)
       SELECT id FROM repointed`,
      [personId, vendorUserIds],
    );
    await manager.query(
      `UPDATE feedback_periods SET hiring_manager_id = $1 WHERE hiring_manager_id = ANY($2::text[])`,
      [personId, vendorUserIds],
    );
    if (jobs.length > 0) {
      await manager.query(
        `UPDATE applications SET next_evaluation_at = $2
         WHERE job_id = ANY($1::text[]) AND status = 'active' AND (next_evaluation_at IS NULL OR next_evaluation_at > $2)`,
        [jobs.map((job) => job.id), now],
      );
    }
    return jobs.length;
  }
}

function toDirectoryPerson(row: PersonRow): DirectoryPerson {
  return {
    id: row.id,
    name: row.name ?? row.id,
    email: row.email,
    timezone: row.timezone,
    country: row.country,
    vendorUserIds: row.vendor_user_ids ?? [],
  };
}
