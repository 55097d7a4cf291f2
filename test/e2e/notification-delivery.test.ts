import type { INestApplicationContext } from '@nestjs/common';
import { UnsubscribeLinks } from '../../src/notifications/unsubscribe-links';
import { OutboxRelay } from '../../src/notifications/outbox-relay.service';
import { event } from '../support/events';
import {
  factsFor,
  feedbackFlag,
  NotificationHarness,
  notificationsOf,
  seedApplication,
  SeededApplication,
  silentFlag,
  startNotificationHarness,
} from '../support/notification-harness';
import { startSmtpServer, TestSmtpServer } from '../support/smtp';

// From outbox to a real SMTP server: relay, worker, retries, guards at send time, headers, opt-out links.

describe('notification delivery', () => {
  let harness: NotificationHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    harness = await startNotificationHarness({ SMTP_URL: smtp.url });
    worker = await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.close();
    await smtp?.close();
  });

  beforeEach(() => smtp.reset());

  const relay = () => worker.get(OutboxRelay).relayDue();

  /** Plans a keep_warm now and makes it due at once (windows are covered by the planner tests). */
  async function pendingUpdate(
    seeded: SeededApplication,
    cause = '2026-11-02T14:00:00.000Z',
    agency = false,
  ) {
    await harness.plan({
      facts: factsFor(seeded, { candidateOverrides: { isAgency: agency } }),
      openFlags: [silentFlag(cause)],
      snoozedUntil: null,
      now: new Date(),
    });
    await harness.query(
      `UPDATE notifications SET scheduled_for = now() - interval '1 second' WHERE application_id = $1`,
      [seeded.applicationId],
    );
    return (await notificationsOf(harness, seeded.applicationId)).at(-1)!;
  }

  async function waitForStatus(id: string, statuses: string[], timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await harness.query<{ status: string; reason: string | null; attempts: number }>(
        `SELECT status, reason, attempts FROM notifications WHERE id = $1`,
        [id],
      );
      if (statuses.includes(row.status)) return row;
      if (Date.now() > deadline) throw new Error(`notification ${id} stayed ${row.status}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('sends one email per notification, from the recruiter, with a stable Message-ID and one-click unsubscribe', async () => {
    const seeded = await seedApplication(harness, 'deliver');
    const notification = await pendingUpdate(seeded);
    const first = await relay();
    const second = await relay();
    expect(first.queued).toBe(1);
    expect(second.queued).toBe(0);
    await waitForStatus(notification.id, ['sent']);
    const [mail] = await smtp.waitForMessages(1);

    expect(mail.envelopeTo).toEqual(['deliver@candidates.example.com']);
    expect(mail.parsed.messageId).toBe(`<${notification.id}@localhost>`);
    expect(mail.parsed.from?.value[0]).toMatchObject({
      name: 'Riley Recruiter',
      address: 'keepwarm@localhost',
    });
    expect(mail.parsed.replyTo?.value[0].address).toBe('riley@example.com');
    // mailparser folds List-* headers into one object: read the headers as sent, unfolded.
    const headers = mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const unsubscribe = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headers)?.[1] ?? '';
    expect(unsubscribe).toMatch(/^http:\/\/localhost:3000\/v1\/unsubscribe\/[\w-]+\.\d+\.[\w-]+$/);
    expect(mail.parsed.text).toContain('where things stand');
    expect(mail.parsed.html).toBeTruthy();
    expect(mail.raw).not.toContain('morgan@example.com');

    const [row] = await notificationsOf(harness, seeded.applicationId);
    expect(row).toMatchObject({
      status: 'sent',
      message_id: `<${notification.id}@localhost>`,
      recipient_email: 'deliver@candidates.example.com',
    });
    // The update counts as outbound contact: the silence clock restarts.
    const application = (
      await harness.api.request({ method: 'GET', url: `/v1/applications/${seeded.applicationId}` })
    ).json();
    expect(application.last_outbound_contact_at).toBe(row.sent_at!.toISOString());

    // A restarted worker and more relays send nothing again.
    await worker.close();
    worker = await harness.startWorker();
    await relay();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      smtp.messages.filter((message) => message.parsed.messageId === `<${notification.id}@localhost>`),
    ).toHaveLength(1);

    // The link in the email works: GET shows a page, POST (RFC 8058 one-click) opts out.
    const path = new URL(unsubscribe).pathname;
    const page = await harness.api.request({ method: 'GET', url: path });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const later = await pendingUpdate(seeded, '2026-11-20T14:00:00.000Z');
    const oneClick = await harness.api.request({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const [candidate] = await harness.query<{ opted_out_at: Date | null }>(
      `SELECT opted_out_at FROM candidates WHERE id = $1`,
      [seeded.candidateId],
    );
    expect(candidate.opted_out_at).not.toBeNull();
    expect(await waitForStatus(later.id, ['cancelled'])).toMatchObject({ reason: 'opted_out' });
  });

  it('rejects forged and expired unsubscribe links, and form bodies elsewhere', async () => {
    const links = harness.api.app.get(UnsubscribeLinks);
    const token = links.token('cand_deliver', new Date());
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const forgedAnswer = await harness.api.request({ method: 'POST', url: `/v1/unsubscribe/${forged}` });
    expect(forgedAnswer.status).toBe(403);
    expect(forgedAnswer.headers['content-type']).toContain('application/problem+json');

    const expired = links.token('cand_deliver', new Date(Date.now() - 91 * 24 * 3600 * 1000));
    expect((await harness.api.request({ method: 'GET', url: `/v1/unsubscribe/${expired}` })).status).toBe(
      400,
    );
    expect((await harness.api.request({ method: 'GET', url: '/v1/unsubscribe/garbage' })).status).toBe(400);
    // Still valid at 60 days.
    const sixtyDays = links.token('cand_deliver', new Date(Date.now() - 60 * 24 * 3600 * 1000));
    expect((await harness.api.request({ method: 'GET', url: `/v1/unsubscribe/${sixtyDays}` })).status).toBe(
      200,
    );

    const elsewhere = await harness.api.request({
      method: 'POST',
      url: '/v1/candidates/cand_deliver/opt-out',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(elsewhere.status).toBe(415);
  });

  it('sends agency candidates’ updates to the agency, naming the candidate', async () => {
    const seeded = await seedApplication(harness, 'viaagency', {
      candidate: {
        name: 'Avery Agencyson',
        source: { kind: 'agency', agency_name: 'Hunters', agency_email: 'desk@hunters.example.com' },
      },
    });
    const notification = await pendingUpdate(seeded, undefined, true);
    await relay();
    await waitForStatus(notification.id, ['sent']);
    const mail = smtp.messages.find(
      (message) => message.parsed.messageId === `<${notification.id}@localhost>`,
    )!;
    expect(mail.envelopeTo).toEqual(['desk@hunters.example.com']);
    expect(mail.parsed.text).toContain('Avery Agencyson');
  });

  it('retries a 4xx answer with backoff and sends once when the server recovers', async () => {
    const seeded = await seedApplication(harness, 'transient');
    const notification = await pendingUpdate(seeded);
    smtp.refuseNext(2, 451);
    await relay();
    const row = await waitForStatus(notification.id, ['sent', 'failed']);
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(3);
    expect(
      smtp.messages.filter((message) => message.parsed.messageId === `<${notification.id}@localhost>`),
    ).toHaveLength(1);
  });

  it('records a 5xx answer as failed at once, with the reason', async () => {
    const seeded = await seedApplication(harness, 'permanent');
    const notification = await pendingUpdate(seeded);
    smtp.refuseAll(550);
    await relay();
    const row = await waitForStatus(notification.id, ['failed', 'sent']);
    expect(row.status).toBe('failed');
    expect(row.reason).toMatch(/^rejected: .*550/);
    expect(row.reason).not.toContain('@');
    expect(row.attempts).toBe(1);
  });

  it('cancels a pending send when the application closes before it goes out', async () => {
    const seeded = await seedApplication(harness, 'closedlate');
    const notification = await pendingUpdate(seeded);
    await harness.post(event('application.rejected', { application_id: seeded.applicationId }));
    const outcome = await relay();
    expect(outcome.cancelled).toBeGreaterThanOrEqual(1);
    expect(await waitForStatus(notification.id, ['cancelled'])).toMatchObject({
      reason: 'application_closed',
    });
  });

  it('re-relays a queued row whose job vanished (Redis flushed), and sends it once', async () => {
    const seeded = await seedApplication(harness, 'vanished');
    const notification = await pendingUpdate(seeded);
    await harness.query(
      `UPDATE notifications SET status = 'queued', updated_at = now() - interval '1 hour' WHERE id = $1`,
      [notification.id],
    );
    const outcome = await relay();
    expect(outcome.requeued).toBe(1);
    await waitForStatus(notification.id, ['sent']);
  });

  it('reminds the hiring manager without an unsubscribe link, and lists notifications page by page', async () => {
    const seeded = await seedApplication(harness, 'reminder');
    await harness.plan({
      facts: factsFor(seeded),
      openFlags: [feedbackFlag('2026-11-16T14:00:00.000Z', 1)],
      snoozedUntil: null,
      now: new Date(),
    });
    await harness.query(
      `UPDATE notifications SET scheduled_for = now() - interval '1 second' WHERE application_id = $1`,
      [seeded.applicationId],
    );
    const [reminder] = await notificationsOf(harness, seeded.applicationId);
    await relay();
    await waitForStatus(reminder.id, ['sent']);
    const mail = smtp.messages.find((message) => message.parsed.messageId === `<${reminder.id}@localhost>`)!;
    expect(mail.envelopeTo).toEqual(['morgan@example.com']);
    expect(mail.raw).not.toMatch(/^List-Unsubscribe/im);
    expect(mail.parsed.subject).toContain('Feedback needed');

    await pendingUpdate(seeded);
    const firstPage = await harness.api.request({
      method: 'GET',
      url: `/v1/notifications?application_id=${seeded.applicationId}&limit=1`,
    });
    expect(firstPage.status).toBe(200);
    const body = firstPage.json<{ items: Array<Record<string, unknown>>; next_cursor: string | null }>();
    expect(body.items).toEqual([
      expect.objectContaining({
        id: reminder.id,
        kind: 'feedback_reminder',
        recipient: 'hiring_manager:hm_1',
        status: 'sent',
      }),
    ]);
    expect(body.items[0].sent_at).toEqual(expect.any(String));
    const secondPage = await harness.api.request({
      method: 'GET',
      url: `/v1/notifications?application_id=${seeded.applicationId}&limit=1&cursor=${body.next_cursor}`,
    });
    const second = secondPage.json<{ items: Array<Record<string, unknown>>; next_cursor: string | null }>();
    expect(second.items).toEqual([
      expect.objectContaining({ kind: 'keep_warm', recipient: 'candidate', status: 'pending' }),
    ]);
    expect(second.next_cursor).toBeNull();
    expect((await harness.api.request({ method: 'GET', url: '/v1/notifications?cursor=nope' })).status).toBe(
      400,
    );
  });
});
