import { DataSource } from 'typeorm';
import type { PipelineEvent } from '../../src/pipeline/application-projection';
import { ApplyOutcome, PipelineService } from '../../src/pipeline/pipeline.service';
import { application, candidate, event } from '../support/events';
import { startTestApi, TestApi } from '../support/test-app';

// One group-commit batch is applied in a few set-based statements (pipeline.repository.ts). These
// tests give PipelineService.applyBatch whole batches the HTTP tests can only produce by timing:
// an erasure in the middle, redeliveries inside the batch and across batches, events that arrive
// before their application, and interviews replaced by the fold's own.

describe('a batch of deliveries', () => {
  let api: TestApi;
  let pipeline: PipelineService;
  let dataSource: DataSource;

  beforeAll(async () => {
    api = await startTestApi();
    pipeline = api.app.get(PipelineService);
    dataSource = api.app.get(DataSource);
  });

  afterAll(async () => {
    await api?.close();
  });

  const sql = <T = Record<string, unknown>>(text: string) => api.database.query<T>(text);

  function applyBatch(deliveries: PipelineEvent[][], now = new Date()): Promise<ApplyOutcome[]> {
    return dataSource.transaction((manager) =>
      pipeline.applyBatch(
        manager,
        deliveries.map((events) => ({ source: 'canonical', incoming: events.map((e) => ({ event: e })) })),
        now,
      ),
    );
  }

  const at = (minutes: number) => new Date(Date.UTC(2026, 9, 5, 14, minutes)).toISOString();
  const as = (e: unknown) => e as PipelineEvent;

  it('stores what follows an erasure redacted, and counts each delivery on its own', async () => {
    const ada = candidate({ id: 'cand_ada', name: 'Ada Lovelace', email: 'ada@example.com' });
    const bo = candidate({ id: 'cand_bo', name: 'Bo Diddley', email: 'bo@example.com' });
    const adaCreated = as(
      event('application.created', { application: application({ id: 'app_ada', candidate: ada }) }, at(0)),
    );
    const boCreated = as(
      event('application.created', { application: application({ id: 'app_bo', candidate: bo }) }, at(1)),
    );
    const contacted = as(
      event(
        'candidate.contacted',
        { application_id: 'app_ada', direction: 'outbound', channel: 'email' },
        at(2),
      ),
    );
    const erased = as(event('candidate.deleted', { candidate_id: 'cand_ada' }, at(3)));
    const movedOn = as(
      event(
        'application.stage_changed',
        {
          application: application({ id: 'app_ada', candidate: ada }, { name: 'Onsite', kind: 'interview' }),
        },
        at(4),
      ),
    );

    const outcomes = await applyBatch([
      [adaCreated],
      [boCreated, contacted],
      [contacted], // the same event again, in the same batch
      [erased],
      [movedOn],
    ]);
    expect(outcomes).toEqual([
      { applied: 1, duplicates: 0, erased: [] },
      { applied: 2, duplicates: 0, erased: [] },
      { applied: 0, duplicates: 1, erased: [] },
      // The erasure's delivery names what the pipeline redacted, for the caller to redact elsewhere.
      {
        applied: 1,
        duplicates: 0,
        erased: [{ candidateId: 'cand_ada', personalData: ['Ada Lovelace', 'ada@example.com'] }],
      },
      { applied: 1, duplicates: 0, erased: [] },
    ]);

    // Stored before the erasure and redacted by it, or stored after it redacted: Ada's name is nowhere.
    const payloads = await sql<{ event_id: string; payload: unknown }>(
      `SELECT event_id, payload FROM event_log WHERE application_id = 'app_ada' ORDER BY sequence`,
    );
    expect(payloads.map((row) => row.event_id)).toEqual([adaCreated.id, contacted.id, movedOn.id]);
    expect(JSON.stringify(payloads)).not.toContain('Ada Lovelace');
    expect(JSON.stringify(payloads)).not.toContain('ada@example.com');
    expect(
      await sql(`SELECT name, email, erased_at IS NOT NULL AS erased FROM candidates ORDER BY id`),
    ).toEqual([
      { name: '[erased]', email: null, erased: true },
      { name: 'Bo Diddley', email: 'bo@example.com', erased: false },
    ]);

    // Both applications folded from every event of theirs in this batch.
    const rows = await sql<{ id: string; stage_name: string; last_outbound_contact_at: Date | null }>(
      `SELECT id, stage_name, last_outbound_contact_at FROM applications ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'app_ada', stage_name: 'Onsite', last_outbound_contact_at: new Date(at(2)) },
      { id: 'app_bo', stage_name: 'Applied', last_outbound_contact_at: null },
    ]);

    // A later batch redelivering any of them changes nothing.
    expect(await applyBatch([[boCreated], [erased, movedOn]])).toEqual([
      { applied: 0, duplicates: 1, erased: [] },
      { applied: 0, duplicates: 2, erased: [] },
    ]);
  });

  it('keeps events about an application not seen yet, and folds them in when it arrives', async () => {
    const early = as(
      event(
        'candidate.contacted',
        { application_id: 'app_early', direction: 'inbound', channel: 'email' },
        at(10),
      ),
    );
    const scheduled = as(
      event(
        'interview.scheduled',
        { application_id: 'app_early', interview: { id: 'int_1', starts_at: at(50), ends_at: at(55) } },
        at(11),
      ),
    );
    expect(await applyBatch([[early], [scheduled]])).toEqual([
      { applied: 1, duplicates: 0, erased: [] },
      { applied: 1, duplicates: 0, erased: [] },
    ]);
    expect(await sql(`SELECT id FROM applications WHERE id = 'app_early'`)).toEqual([]);

    // The application arrives later, with an occurred_at before both: all three are folded in order.
    const created = as(
      event(
        'application.created',
        { application: application({ id: 'app_early', candidate: candidate({ id: 'cand_early' }) }) },
        at(9),
      ),
    );
    await applyBatch([[created]]);
    expect(
      await sql(
        `SELECT last_inbound_contact_at, last_outbound_contact_at FROM applications WHERE id = 'app_early'`,
      ),
    ).toEqual([{ last_inbound_contact_at: new Date(at(10)), last_outbound_contact_at: new Date(at(11)) }]);
    expect(
      await sql(`SELECT id, status, reschedule_count FROM interviews WHERE application_id = 'app_early'`),
    ).toEqual([{ id: 'int_1', status: 'scheduled', reschedule_count: 0 }]);

    // A reschedule and a second interview: the rows follow the fold, the first one updated in place.
    const rescheduled = as(
      event(
        'interview.rescheduled',
        { application_id: 'app_early', interview: { id: 'int_1', starts_at: at(58), ends_at: at(59) } },
        at(12),
      ),
    );
    const second = as(
      event(
        'interview.scheduled',
        { application_id: 'app_early', interview: { id: 'int_2', starts_at: at(40) } },
        at(13),
      ),
    );
    await applyBatch([[rescheduled, second]]);
    expect(
      await sql(
        `SELECT id, status, reschedule_count, starts_at FROM interviews WHERE application_id = 'app_early' ORDER BY id`,
      ),
    ).toEqual([
      { id: 'int_1', status: 'scheduled', reschedule_count: 1, starts_at: new Date(at(58)) },
      { id: 'int_2', status: 'scheduled', reschedule_count: 0, starts_at: new Date(at(40)) },
    ]);
  });

  it('replaces feedback periods a late event moves', async () => {
    const app = (stage: { name: string; kind?: string }) =>
      application({ id: 'app_late', candidate: candidate({ id: 'cand_late' }) }, stage as never);
    const review = { name: 'Hiring Manager Review', kind: 'hiring_manager_review' };
    await applyBatch([
      [as(event('application.created', { application: app({ name: 'Applied', kind: 'applied' }) }, at(0)))],
      [as(event('application.stage_changed', { application: app(review) }, at(20)))],
    ]);
    const periods = () =>
      sql<{ started_at: Date; ended_at: Date | null }>(
        `SELECT started_at, ended_at FROM feedback_periods WHERE application_id = 'app_late' ORDER BY started_at`,
      );
    expect(await periods()).toEqual([{ started_at: new Date(at(20)), ended_at: null }]);

    // The move to review happened earlier than first told: the period starts then, and the row for 14:20 goes.
    await applyBatch([[as(event('application.stage_changed', { application: app(review) }, at(10)))]]);
    expect(await periods()).toEqual([{ started_at: new Date(at(10)), ended_at: null }]);
  });
});
