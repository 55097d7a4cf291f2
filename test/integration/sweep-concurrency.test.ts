import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SweepService } from '../../src/attention/sweep.service';
import { createApi } from '../../src/app/bootstrap';
import { startTestApi, TestApi } from '../support/test-app';
import { AttentionDriver } from './attention-support';

// Two sweeps racing over the same due applications, from two API instances (two connection pools) on
// one database: SKIP LOCKED splits the work, the unique index forbids doubles, nothing is evaluated twice.

const applications = 60;

describe('sweeps racing', () => {
  let api: TestApi;
  let second: NestFastifyApplication;
  let pipeline: AttentionDriver;

  beforeAll(async () => {
    api = await startTestApi({ SWEEP_BATCH_SIZE: '4' });
    second = await createApi(api.config);
    await second.init();
    pipeline = new AttentionDriver(api);
    for (let index = 0; index < applications; index += 1) {
      // Silent and awaiting a reply: two flags each once swept.
      await pipeline.create(`race_${index}`, '2027-03-01T09:00:00.000Z');
      await pipeline.send(
        'candidate.contacted',
        { application_id: `race_${index}`, direction: 'inbound', channel: 'email' },
        '2027-03-02T09:00:00.000Z',
      );
    }
  });

  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  it('two sweeps at once evaluate each due application once and open each flag once', async () => {
    const now = new Date('2027-03-10T12:00:00.000Z');
    const [first, other] = await Promise.all([
      api.app.get(SweepService).sweep(now),
      second.get(SweepService).sweep(now),
    ]);
    expect(first.evaluated + other.evaluated).toBe(applications);
    expect(first.opened + other.opened).toBe(2 * applications);
    // Both did part of the work (4 per batch, 15 batches): the race was real.
    expect(first.evaluated).toBeGreaterThan(0);
    expect(other.evaluated).toBeGreaterThan(0);

    const [{ open, opened_events: openedEvents }] = await pipeline.query<{
      open: number;
      opened_events: number;
    }>(
      `SELECT (SELECT count(*)::int FROM flags WHERE status = 'open') AS open,
              (SELECT count(*)::int FROM flag_events WHERE event = 'opened') AS opened_events`,
    );
    expect(open).toBe(2 * applications);
    expect(openedEvents).toBe(2 * applications);
  });

  it('racing again over the same instant changes nothing', async () => {
    await pipeline.makeDue();
    const now = new Date('2027-03-10T12:00:00.000Z');
    const results = await Promise.all([
      api.app.get(SweepService).sweep(now),
      second.get(SweepService).sweep(now),
      api.app.get(SweepService).sweep(now),
    ]);
    expect(results.reduce((sum, result) => sum + result.evaluated, 0)).toBe(applications);
    expect(results.every((result) => result.opened === 0 && result.resolved === 0)).toBe(true);
  });
});
