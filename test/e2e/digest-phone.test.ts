import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumPath, haveChromium, launchChromium } from '../support/browser';
import { DigestFixtures } from '../support/digest-fixtures';
import { startTestApi, TestApi } from '../support/test-app';

// The digest as a recruiter reads it on a phone: the HTML from GET /v1/recruiters/{id}/digest,
// rendered by a real headless Chromium at 390 px, must show every candidate and fit the screen.
// Debian's chromium (installed by .ci/run); the test is skipped, saying so, only when it is absent.

const artifacts = join(__dirname, '..', '..', 'test-artifacts');

if (!haveChromium) {
  console.warn(
    `digest-phone: SKIPPED, no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

(haveChromium ? describe : describe.skip)('the digest on a phone', () => {
  let api: TestApi;
  let db: DigestFixtures;
  let browser: Browser;

  const candidates = ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson', 'Radia Perlman', 'Barbara Liskov'];

  beforeAll(async () => {
    api = await startTestApi();
    db = await DigestFixtures.connect(api.database.url);
    await db.person({
      id: 'rec_1',
      name: 'Priya Shah',
      email: 'priya@example.com',
      timezone: 'Europe/London',
      country: 'GB',
    });
    await db.person({
      id: 'rec_2',
      name: 'Lee Park',
      email: 'lee@example.com',
      timezone: 'America/Los_Angeles',
    });
    await db.person({ id: 'hm_1', name: 'Dana Lee', email: 'dana@example.com' });
    await db.job({
      id: 'job_1',
      title: 'Staff Platform Engineer, Developer Experience',
      recruiterId: 'rec_1',
      hiringManagerId: 'hm_1',
    });
    await db.job({ id: 'job_2', title: 'Designer', recruiterId: 'rec_2', hiringManagerId: 'hm_1' });
    const kinds = [
      [
        'competing_offer_deadline',
        'expedite',
        'urgent',
        { deadline: '2030-01-10T17:00:00Z', business_days_left: 2 },
      ],
      ['feedback_overdue', 'nudge_hiring_manager', 'high', { hours_waiting: 73 }],
      ['candidate_awaiting_reply', 'reply_to_candidate', 'medium', { business_days_waiting: 1.5 }],
      [
        'scheduling_stalled',
        'schedule_next_round',
        'medium',
        { business_days_waiting: 4, reschedules_in_stage: 2 },
      ],
      ['candidate_silent', 'send_keep_warm_update', 'medium', { business_days_silent: 6 }],
    ] as const;
    for (const [index, name] of candidates.entries()) {
      const [kind, action, severity, details] = kinds[index];
      await db.application({ id: `app_${index}`, jobId: 'job_1', candidateName: name });
      await db.flag({
        applicationId: `app_${index}`,
        kind,
        action,
        severity,
        details,
        raisedAt: '2026-11-19T10:00:00Z',
        waitingSince: '2026-11-16T10:00:00Z',
      });
    }
    await db.application({ id: 'app_other', jobId: 'job_2', candidateName: 'Olivia Other' });
    await db.flag({
      applicationId: 'app_other',
      kind: 'candidate_silent',
      action: 'send_keep_warm_update',
      severity: 'high',
      raisedAt: '2026-11-19T10:00:00Z',
      waitingSince: '2026-11-06T10:00:00Z',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await api?.close();
  });

  it('shows every candidate at 390 px without sideways scrolling', async () => {
    const response = await api.request({
      method: 'GET',
      url: '/v1/recruiters/rec_1/digest',
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    // No network: the email must stand on its own.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(response.body, { waitUntil: 'load' });
    const text = await page.innerText('body');
    for (const name of candidates) expect(text).toContain(name);
    expect(text).not.toContain('Olivia Other');
    expect(text).toContain('5 candidates need you today');

    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'digest-phone.png'), fullPage: true });
    expect(existsSync(join(artifacts, 'digest-phone.png'))).toBe(true);
    await page.close();
  });
});
