import { Client } from 'pg';
import type { StageKind } from '../../src/canonical/canonical-event.schema';
import { SweepResult, SweepService } from '../../src/attention/sweep.service';
import { event } from '../support/events';
import { signCanonical } from '../support/signing';
import type { TestApi } from '../support/test-app';

// A pipeline driven only by signed canonical webhooks, swept with a controlled clock. People work in
// UTC with no country, so business days are plain weekdays and the arithmetic in tests stays readable.

export const recruiterAvery = {
  id: 'rec_avery',
  name: 'Avery Recruiter',
  email: 'avery@example.com',
  timezone: 'UTC',
};
export const recruiterBlair = {
  id: 'rec_blair',
  name: 'Blair Recruiter',
  email: 'blair@example.com',
  timezone: 'UTC',
};
export const managerHarper = {
  id: 'hm_harper',
  name: 'Harper Manager',
  email: 'harper@example.com',
  timezone: 'UTC',
};
/** A hiring manager the ATS sent without an email. */
export const managerNoEmail = { id: 'hm_quinn', name: 'Quinn Manager', timezone: 'UTC' };

export interface ApplicationOptions {
  stage?: { name: string; kind?: StageKind };
  jobId?: string;
  jobStatus?: 'open' | 'closed' | 'on_hold';
  recruiter?: typeof recruiterAvery;
  hiringManager?: { id: string; name: string; email?: string; timezone?: string };
  candidateName?: string;
}

export interface StoredFlagRow {
  id: string;
  kind: string;
  severity: string;
  cause: string;
  status: string;
  resolution: string | null;
  details: Record<string, unknown>;
  waiting_since: Date;
}

export class AttentionDriver {
  constructor(readonly api: TestApi) {}

  async send(type: string, data: unknown, occurredAt: string | Date): Promise<void> {
    const signed = signCanonical(event(type, data, occurredAt));
    const response = await this.api.request({
      method: 'POST',
      url: '/webhooks/events',
      headers: signed.headers,
      body: signed.body,
    });
    if (response.status !== 200)
      throw new Error(`webhook ${type} answered ${response.status}: ${response.body}`);
  }

  applicationSnapshot(id: string, options: ApplicationOptions = {}) {
    const recruiter = options.recruiter ?? recruiterAvery;
    return {
      id,
      candidate: {
        id: `cand_${id}`,
        name: options.candidateName ?? `Candidate ${id}`,
        email: `${id}@example.com`,
      },
      job: {
        id: options.jobId ?? `job_${recruiter.id}`,
        title: 'Backend Engineer',
        status: options.jobStatus ?? 'open',
        recruiter,
        hiring_manager: options.hiringManager ?? managerHarper,
      },
      stage: options.stage ?? { name: 'Applied', kind: 'applied' },
      url: `https://ats.example.com/applications/${id}`,
    };
  }

  async create(id: string, at: string, options: ApplicationOptions = {}): Promise<void> {
    await this.send('application.created', { application: this.applicationSnapshot(id, options) }, at);
  }

  async moveTo(
    id: string,
    stage: { name: string; kind?: StageKind },
    at: string,
    options: ApplicationOptions = {},
  ): Promise<void> {
    await this.send(
      'application.stage_changed',
      { application: this.applicationSnapshot(id, { ...options, stage }) },
      at,
    );
  }

  sweep(at: string | Date): Promise<SweepResult> {
    return this.api.app.get(SweepService).sweep(new Date(at));
  }

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.api.database.url });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Open flags by kind, straight from the table. */
  async openFlags(applicationId: string): Promise<Record<string, StoredFlagRow>> {
    const rows = await this.query<StoredFlagRow>(
      `SELECT id, kind, severity, cause, status, resolution, details, waiting_since FROM flags WHERE application_id = $1 AND status = 'open'`,
      [applicationId],
    );
    return Object.fromEntries(rows.map((row) => [row.kind, row]));
  }

  async allFlags(applicationId: string): Promise<StoredFlagRow[]> {
    return this.query<StoredFlagRow>(
      `SELECT id, kind, severity, cause, status, resolution, details, waiting_since FROM flags WHERE application_id = $1 ORDER BY raised_at, kind`,
      [applicationId],
    );
  }

  async flagEvents(
    flagId: string,
  ): Promise<Array<{ event: string; severity: string | null; reason: string | null }>> {
    return this.query(`SELECT event, severity, reason FROM flag_events WHERE flag_id = $1 ORDER BY id`, [
      flagId,
    ]);
  }

  /** Makes applications due again, as if their next evaluation had come (for idempotency checks). */
  async makeDue(applicationIds?: string[]): Promise<void> {
    if (applicationIds) {
      await this.query(`UPDATE applications SET next_evaluation_at = '2000-01-01' WHERE id = ANY($1)`, [
        applicationIds,
      ]);
    } else {
      await this.query(`UPDATE applications SET next_evaluation_at = '2000-01-01'`);
    }
  }
}
