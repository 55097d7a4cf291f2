import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ValidationIssue } from '../canonical/canonical-event.schema';
import { redactText } from '../pipeline/erasure';

export interface QuarantineEntry {
  id: string;
  source: string;
  deliveryId: string | null;
  reason: string;
  rawBody: string;
  receivedAt: Date;
}

// PostgreSQL text and jsonb cannot hold NUL or unpaired surrogates (a parser's message can quote half a pair):
// an authentic body carrying them is still kept, with U+FFFD in their place.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function storable(text: string): string {
  return text.replace(unstorable, '\uFFFD');
}

@Injectable()
export class QuarantineRepository {
  /** Erasure: every kept body that mentions the candidate's personal data has it replaced. */
  async redactPersonalData(manager: EntityManager, personalData: readonly string[]): Promise<void> {
    if (personalData.length === 0) return;
    const rows: Array<{ id: string; raw_body: string }> = await manager.query(
      `SELECT id, raw_body FROM quarantine WHERE raw_body ILIKE ANY($1)`,
      [personalData.map((value) => `%${value.replace(/[%_\\]/g, '\\$&')}%`)],
    );
    for (const row of rows) {
      await manager.query(`UPDATE quarantine SET raw_body = $2 WHERE id = $1`, [
        row.id,
        redactText(row.raw_body, personalData),
      ]);
    }
  }

  async add(
    manager: EntityManager,
    entry: {
      source: string;
      deliveryId: string | null;
      reason: string;
      errors: ValidationIssue[];
      rawBody: string;
    },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO quarantine (source, delivery_id, reason, errors, raw_body) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        entry.source,
        entry.deliveryId,
        storable(entry.reason),
        JSON.stringify(
          entry.errors.map((issue) => ({ path: storable(issue.path), message: storable(issue.message) })),
        ),
        storable(entry.rawBody),
      ],
    );
    return rows[0].id;
  }

  async unreplayed(manager: EntityManager, limit: number): Promise<QuarantineEntry[]> {
    const rows: Array<{
      id: string;
      source: string;
      delivery_id: string | null;
      reason: string;
      raw_body: string;
      received_at: Date;
    }> = await manager.query(
      `SELECT id, source, delivery_id, reason, raw_body, received_at FROM quarantine
         WHERE replayed_at IS NULL ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      source: row.source,
      deliveryId: row.delivery_id,
      reason: row.reason,
      rawBody: row.raw_body,
      receivedAt: row.received_at,
    }));
  }

  async markReplayed(manager: EntityManager, id: string, outcome: string): Promise<void> {
    await manager.query(`UPDATE quarantine SET replayed_at = now(), replay_outcome = $2 WHERE id = $1`, [
      id,
      outcome,
    ]);
  }

  async recordFailedReplay(
    manager: EntityManager,
    id: string,
    reason: string,
    errors: ValidationIssue[],
  ): Promise<void> {
    await manager.query(`UPDATE quarantine SET reason = $2, errors = $3 WHERE id = $1`, [
      id,
      reason,
      JSON.stringify(errors),
    ]);
  }
}
