import { IngestionService } from '../../src/ingestion/ingestion.service';
import { QuarantineReplayService } from '../../src/ingestion/quarantine-replay.service';
import type { PipelineEvent } from '../../src/pipeline/application-projection';
import { fixture, fixtureText, greenhouseJson, vendorEnv } from '../e2e/vendor-signing';
import { startTestApi, TestApi } from '../support/test-app';

// What the vendor endpoints rely on below HTTP: Lever tokens recorded with what a delivery stores,
// and quarantined vendor payloads re-read by `replay-quarantine` with the vendor readers.

describe('vendor ingestion', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(vendorEnv);
  });

  afterAll(async () => {
    await api?.close();
  });

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    api.database.query<T>(text, params);

  it('a Lever token is not used up by an ingest that fails, and is by one that stores', async () => {
    const ingestion = api.app.get(IngestionService);
    const broken = {
      id: 'lever-broken-1',
      type: 'application.hired',
      occurred_at: 'not a time',
      data: { application_id: 'opp-1' },
    } as unknown as PipelineEvent;
    await expect(
      ingestion.ingest('lever', [{ event: broken }], new Date(), { replayToken: 'token-a' }),
    ).rejects.toThrow();
    expect(await sql(`SELECT token FROM webhook_replay_tokens WHERE token = 'token-a'`)).toEqual([]);

    const hired = { ...broken, occurred_at: new Date().toISOString() } as PipelineEvent;
    expect(
      await ingestion.ingest('lever', [{ event: hired }], new Date(), { replayToken: 'token-a' }),
    ).toEqual({ status: 'accepted', events: 1 });
    expect(await sql(`SELECT token FROM webhook_replay_tokens WHERE token = 'token-a'`)).toHaveLength(1);

    // The same token again, even with new events: a replay, and nothing is stored.
    const other = { ...hired, id: 'lever-other-1' } as PipelineEvent;
    await expect(
      ingestion.ingest('lever', [{ event: other }], new Date(), { replayToken: 'token-a' }),
    ).rejects.toMatchObject({ status: 401 });
    expect(await sql(`SELECT 1 FROM event_log WHERE event_id = 'lever-other-1'`)).toEqual([]);
  });

  it('replay-quarantine re-reads quarantined vendor payloads, with the directory', async () => {
    const put = await api.request({
      method: 'PUT',
      url: '/v1/people/hm_replay',
      headers: { 'content-type': 'application/json' },
      body: { name: 'Rae Replay', email: 'rae@example.com', vendor_user_ids: ['greenhouse:92913'] },
    });
    expect(put.status).toBe(200);

    const greenhouse = fixture('greenhouse', 'new_candidate_application.json');
    greenhouse.payload.application.id = 7700001;
    const lever = fixture('lever', 'applicationCreated.sample.json');
    lever.data.opportunityId = 'lever-replayed-opp';
    const rows: Array<[string, string, string]> = [
      ['greenhouse', 'gh-quarantined-1', greenhouseJson(greenhouse)],
      ['lever', String(lever.id), JSON.stringify(lever)],
      ['ashby', 'ashby-quarantined-1', fixtureText('ashby', 'applicationSubmit.sample.json')],
      ['ashby', 'ashby-ping-1', fixtureText('ashby', 'ping.sample.json')],
    ];
    for (const [source, deliveryId, rawBody] of rows) {
      await sql(
        `INSERT INTO quarantine (source, delivery_id, reason, raw_body) VALUES ($1, $2, 'adapter bug, since fixed', $3)`,
        [source, deliveryId, rawBody],
      );
    }

    const summary = await api.app.get(QuarantineReplayService).replayAll(100);
    expect(summary).toEqual({ replayed: 3, stillInvalid: 0, ignored: 1 });

    const greenhouseState = (await api.request({ method: 'GET', url: '/v1/applications/7700001' })).json<{
      source: string;
      job: { hiring_manager: { id: string; name: string } };
    }>();
    expect(greenhouseState.source).toBe('greenhouse');
    expect(greenhouseState.job.hiring_manager).toMatchObject({ id: 'hm_replay', name: 'Rae Replay' });
    expect((await api.request({ method: 'GET', url: '/v1/applications/lever-replayed-opp' })).status).toBe(
      200,
    );
    expect(
      (await api.request({ method: 'GET', url: '/v1/applications/2d4c3f1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f' }))
        .status,
    ).toBe(200);
    expect(await sql(`SELECT 1 FROM quarantine WHERE replayed_at IS NULL`)).toEqual([]);
  });
});
