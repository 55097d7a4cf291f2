import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Single-use tokens of vendors that sign no body (Lever): the table webhook_replay_tokens. */
@Injectable()
export class ReplayTokensRepository {
  /** Records the token; false when it was already there (a replay). Inside the caller's transaction. */
  async claim(manager: EntityManager, source: string, token: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO webhook_replay_tokens (source, token) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING token`,
      [source, token],
    );
    return rows.length > 0;
  }

  async seen(manager: EntityManager, source: string, token: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM webhook_replay_tokens WHERE source = $1 AND token = $2`,
      [source, token],
    );
    return rows.length > 0;
  }

  async pruneOlderThan(manager: EntityManager, source: string, before: Date): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM webhook_replay_tokens WHERE source = $1 AND seen_at < $2`,
      [source, before],
    );
    return result[1] ?? 0;
  }
}
