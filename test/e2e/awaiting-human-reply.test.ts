import type { INestApplicationContext } from '@nestjs/common';
import { SweepService } from '../../src/attention/sweep.service';
import { OutboxRelay } from '../../src/notifications/outbox-relay.service';
import { AttentionDriver, recruiterAvery } from '../integration/attention-support';
import { NotificationHarness, startNotificationHarness } from '../support/notification-harness';

// No generic update to someone who asked a question (docs/rules.md, rule 6): signed webhooks in, the
// real sweep and planner, the relay, and what GET /v1/notifications and the recruiter's digest say.
// The pipeline sits weeks in the past with generous margins, so nothing depends on the weekday the
// suite runs; the sweep and the digest run on the real clock.

const day = 24 * 3_600_000;
const ago = (days: number): string => new Date(Date.now() - days * day).toISOString();

interface NotificationItem {
  kind: string;
  status: string;
  reason?: string | null;
}

interface DigestEntry {
  application_id: string;
  needs_you: boolean;
  awaiting_reply: { since: string; text: string } | null;
  reasons: Array<{ kind: string; measure: { text: string } }>;
  actions: string[];
}

describe('a candidate waiting for a human reply', () => {
  let harness: NotificationHarness;
  let pipeline: AttentionDriver;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    harness = await startNotificationHarness();
    pipeline = new AttentionDriver(harness.api);
    worker = await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const sweep = (at: Date = new Date()) => harness.api.app.get(SweepService).sweep(at);

  async function notificationsOf(applicationId: string): Promise<NotificationItem[]> {
    const response = await harness.api.request({
      method: 'GET',
      url: `/v1/notifications?application_id=${applicationId}`,
    });
    expect(response.status).toBe(200);
    return response.json<{ items: NotificationItem[] }>().items;
  }

  async function inbound(applicationId: string, at: string): Promise<void> {
    await pipeline.send(
      'candidate.contacted',
      { application_id: applicationId, direction: 'inbound', channel: 'email' },
      at,
    );
  }

  async function digestEntries(): Promise<Map<string, DigestEntry>> {
    const response = await harness.api.request({
      method: 'GET',
      url: `/v1/recruiters/${recruiterAvery.id}/digest`,
    });
    expect(response.status).toBe(200);
    const entries = response.json<{ entries: DigestEntry[] }>().entries;
    return new Map(entries.map((entry) => [entry.application_id, entry]));
  }

  it('suppresses the automatic update with reason awaiting_human_reply, and the digest says they wait for the recruiter', async () => {
    // Silent for weeks; one asked a question ten days ago, one a minute ago (no flag for that yet),
    // and one never wrote.
    await pipeline.create('asked', ago(40));
    await inbound('asked', ago(10));
    await pipeline.create('just_asked', ago(40));
    await inbound('just_asked', new Date(Date.now() - 60_000).toISOString());
    await pipeline.create('quiet', ago(40));

    await sweep();
    expect(Object.keys(await pipeline.openFlags('asked')).sort()).toEqual([
      'candidate_awaiting_reply',
      'candidate_silent',
    ]);
    expect(Object.keys(await pipeline.openFlags('just_asked'))).toEqual(['candidate_silent']);

    for (const applicationId of ['asked', 'just_asked']) {
      expect(await notificationsOf(applicationId)).toEqual([
        expect.objectContaining({ kind: 'keep_warm', status: 'suppressed', reason: 'awaiting_human_reply' }),
      ]);
    }
    expect(await notificationsOf('quiet')).toEqual([
      expect.objectContaining({ kind: 'keep_warm', status: 'pending' }),
    ]);

    // Sweeping again records nothing new.
    await pipeline.makeDue(['asked', 'just_asked']);
    await sweep();
    expect(await notificationsOf('asked')).toHaveLength(1);
    expect(await notificationsOf('just_asked')).toHaveLength(1);

    const entries = await digestEntries();
    const asked = entries.get('asked')!;
    expect(asked.needs_you).toBe(true);
    expect(asked.awaiting_reply?.text).toMatch(
      /is waiting for your reply: keepwarm sends no automatic update/,
    );
    const reply = asked.reasons.find((reason) => reason.kind === 'candidate_awaiting_reply');
    expect(reply?.measure.text).toMatch(/^waiting \d+ business days? for your reply$/);
    expect(asked.actions).toEqual(expect.arrayContaining(['reply_to_candidate', 'send_keep_warm_update']));
    expect(entries.get('just_asked')!.awaiting_reply?.text).toMatch(
      /^Wrote today and is waiting for your reply/,
    );
    expect(entries.get('quiet')!.awaiting_reply).toBeNull();
  });

  it('holds back an update planned before the candidate wrote, at the relay, before the next sweep', async () => {
    await pipeline.create('late_question', ago(40));
    await sweep();
    expect(await notificationsOf('late_question')).toEqual([
      expect.objectContaining({ kind: 'keep_warm', status: 'pending' }),
    ]);
    // Due now; then the candidate writes, and the relay runs before any sweep does.
    await harness.query(
      `UPDATE notifications SET scheduled_for = now() - interval '1 second' WHERE application_id = 'late_question'`,
    );
    await inbound('late_question', new Date(Date.now() - 30_000).toISOString());
    await worker.get(OutboxRelay).relayDue();
    expect(await notificationsOf('late_question')).toEqual([
      expect.objectContaining({ kind: 'keep_warm', status: 'suppressed', reason: 'awaiting_human_reply' }),
    ]);
  });

  it('plans updates again once a person has answered', async () => {
    await pipeline.create('answered', ago(40));
    await inbound('answered', ago(10));
    await sweep();
    expect(await notificationsOf('answered')).toEqual([
      expect.objectContaining({ status: 'suppressed', reason: 'awaiting_human_reply' }),
    ]);
    // The recruiter replies: the wait ends and the silence clock restarts from the reply.
    const repliedAt = ago(1);
    await pipeline.send(
      'candidate.contacted',
      { application_id: 'answered', direction: 'outbound', channel: 'email' },
      repliedAt,
    );
    await sweep();
    expect(await pipeline.openFlags('answered')).toEqual({});
    // Weeks later, silent again: an update is planned, not suppressed.
    await sweep(new Date(Date.now() + 20 * day));
    const statuses = (await notificationsOf('answered')).map((item) => [item.status, item.reason ?? null]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['suppressed', 'awaiting_human_reply'],
        ['pending', null],
      ]),
    );
    expect(statuses).toHaveLength(2);
  });
});
