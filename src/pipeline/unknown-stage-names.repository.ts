import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface StageNameSighting {
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface UnknownStageNameRow extends StageNameSighting {
  /** Active applications now in a stage of this name that counts as an interview. */
  applications: number;
}

@Injectable()
export class UnknownStageNamesRepository {
  /** Adds sightings; a name seen before keeps its earliest first and latest last sighting. */
  async record(manager: EntityManager, sightings: readonly StageNameSighting[]): Promise<void> {
    if (sightings.length === 0) return;
    await manager.query(
      `INSERT INTO unknown_stage_names (name, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) ORDER BY 1
       ON CONFLICT (name) DO UPDATE SET
         first_seen_at = LEAST(unknown_stage_names.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(unknown_stage_names.last_seen_at, EXCLUDED.last_seen_at)`,
      [
        sightings.map((sighting) => sighting.name),
        sightings.map((sighting) => sighting.firstSeenAt),
        sightings.map((sighting) => sighting.lastSeenAt),
      ],
    );
  }

  /**
   * Every name recorded, most recently seen first, with how many active applications are in a stage
   * of that name now. Read by operators, not on the ingest path: a scan of applications is fine
   * here, and no index on stage_name slows every write of the fold.
   */
  async list(manager: EntityManager): Promise<UnknownStageNameRow[]> {
    const rows: Array<{ name: string; first_seen_at: Date; last_seen_at: Date; applications: number }> =
      await manager.query(
        `SELECT u.name, u.first_seen_at, u.last_seen_at, COALESCE(a.applications, 0)::int AS applications
         FROM unknown_stage_names u
         LEFT JOIN (SELECT stage_name, count(*) AS applications FROM applications
                    WHERE status = 'active' AND stage_kind = 'interview'
                      AND stage_name IN (SELECT name FROM unknown_stage_names)
                    GROUP BY stage_name) a ON a.stage_name = u.name
         ORDER BY u.last_seen_at DESC, u.name`,
      );
    return rows.map((row) => ({
      name: row.name,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      applications: row.applications,
    }));
  }
}
