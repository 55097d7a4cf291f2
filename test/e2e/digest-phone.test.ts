import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, haveChromium, launchChromium } from '../support/browser';
import { DigestFixtures } from '../support/digest-fixtures';
import { startTestApi, TestApi } from '../support/test-app';

// The digest as a recruiter reads it on a phone: the HTML from GET /v1/recruiters/{id}/digest,
// rendered by a real headless Chromium at 390 px, must name every candidate once with all their
// reasons, say who waits for a reply and what keepwarm already answered, send whoever is beyond
// digest.max_candidates to the desk, and fit the screen. Screenshots go to test-artifacts/
// (gitignored; CI keeps them). Debian's chromium (installed by .ci/run); the test is skipped,
// saying so, only when it is absent.

const artifacts = join(__dirname, '..', '..', 'test-artifacts');
const phone = { width: 390, height: 844 };
const maxCandidates = 6;

if (!haveChromium) {
  console.warn(
    `digest-phone: SKIPPED, no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

const day = 24 * 3_600_000;
const ago = (days: number): string => new Date(Date.now() - days * day).toISOString();

(haveChromium ? describe : describe.skip)('the digest on a phone', () => {
  let api: TestApi;
  let db: DigestFixtures;
  let browser: Browser;
  let policyDirectory: string;

  const needingPriya = [
    'Ada Lovelace',
    'Grace Hopper',
    'Katherine Johnson',
    'Radia Perlman',
    'Barbara Liskov',
  ];

  beforeAll(async () => {
    policyDirectory = mkdtempSync(join(tmpdir(), 'keepwarm-digest-phone-'));
    const policyFile = join(policyDirectory, 'policy.yaml');
    writeFileSync(policyFile, `digest:\n  max_candidates: ${maxCandidates}\n`);
    api = await startTestApi({ POLICY_FILE: policyFile });
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

    const flag = (
      applicationId: string,
      kind: string,
      action: string,
      severity: 'medium' | 'high' | 'urgent',
      details: Record<string, unknown>,
      waitingDays = 20,
    ) =>
      db.flag({
        applicationId,
        kind,
        action,
        severity,
        details,
        raisedAt: ago(2),
        waitingSince: ago(waitingDays),
      });
    // Ada: an offer deadline and a manager sitting on feedback, one entry.
    await db.application({ id: 'app_0', jobId: 'job_1', candidateName: 'Ada Lovelace' });
    await flag('app_0', 'competing_offer_deadline', 'expedite', 'urgent', {
      deadline: new Date(Date.now() + 3 * day).toISOString(),
    });
    await flag('app_0', 'feedback_overdue', 'nudge_hiring_manager', 'high', { hours_waiting: 73 });
    // Grace: the wait the issue found worded in hours.
    await db.application({ id: 'app_1', jobId: 'job_1', candidateName: 'Grace Hopper' });
    await flag('app_1', 'feedback_overdue', 'nudge_hiring_manager', 'high', { hours_waiting: 471 });
    // Katherine asked a question.
    await db.application({
      id: 'app_2',
      jobId: 'job_1',
      candidateName: 'Katherine Johnson',
      oldestUnansweredInboundAt: ago(3),
    });
    await flag('app_2', 'candidate_awaiting_reply', 'reply_to_candidate', 'medium', {
      business_days_waiting: 1.5,
    });
    await db.application({ id: 'app_3', jobId: 'job_1', candidateName: 'Radia Perlman' });
    await flag('app_3', 'scheduling_stalled', 'schedule_next_round', 'medium', {
      business_days_waiting: 4,
      reschedules_in_stage: 2,
    });
    await db.application({ id: 'app_4', jobId: 'job_1', candidateName: 'Barbara Liskov' });
    await flag('app_4', 'candidate_silent', 'send_keep_warm_update', 'medium', { business_days_silent: 6 });
    // Hedy: keepwarm's own update answered her silence a minute ago.
    await db.application({ id: 'app_5', jobId: 'job_1', candidateName: 'Hedy Lamarr' });
    await flag(
      'app_5',
      'candidate_silent',
      'send_keep_warm_update',
      'medium',
      { business_days_silent: 5 },
      9,
    );
    await db.sent('app_5', 'keep_warm', new Date(Date.now() - 60_000).toISOString());

    // Lee has more candidates than one digest names.
    for (let index = 0; index < maxCandidates + 3; index++) {
      await db.application({
        id: `app_lee_${index}`,
        jobId: 'job_2',
        candidateName: `Lee Candidate ${index}`,
      });
      await flag(`app_lee_${index}`, 'candidate_silent', 'send_keep_warm_update', 'high', {
        business_days_silent: 10 + index,
      });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await api?.close();
    if (policyDirectory) rmSync(policyDirectory, { recursive: true, force: true });
  });

  async function openOnPhone(recruiterId: string, screenshot: string): Promise<{ page: Page; text: string }> {
    const response = await api.request({
      method: 'GET',
      url: `/v1/recruiters/${recruiterId}/digest`,
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');

    const page = await browser.newPage({ viewport: phone, deviceScaleFactor: 2 });
    // No network: the email must stand on its own.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(response.body, { waitUntil: 'load' });
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(phone.width);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, screenshot), fullPage: true });
    expect(existsSync(join(artifacts, screenshot))).toBe(true);
    return { page, text: await page.innerText('body') };
  }

  /** A candidate's card: the innermost block holding both their name and its link into the ATS. */
  function card(page: Page, name: string): Promise<string> {
    return page
      .locator('div')
      .filter({ hasText: name })
      .filter({ hasText: 'Open in the ATS' })
      .last()
      .innerText();
  }

  function occurrences(text: string, needle: string): number {
    return text.split(needle).length - 1;
  }

  it('names each candidate once with every reason, in business days, at 390 px without sideways scrolling', async () => {
    const { page, text } = await openOnPhone('rec_1', 'digest-phone.png');
    for (const name of [...needingPriya, 'Hedy Lamarr']) expect(occurrences(text, name)).toBe(1);
    expect(text).not.toContain('Lee Candidate');
    expect(text).toContain('5 candidates need you today');
    // Ada's two reasons sit on her one card, the offer first.
    const ada = await card(page, 'Ada Lovelace');
    expect(ada).toMatch(/Competing offer deadline .* left\n[\s\S]*Waiting 3 business days for feedback/);
    expect(ada).toContain('To do: Expedite · Nudge the hiring manager');
    expect(text).toContain('Waiting 19 business days for feedback from Dana Lee');
    expect(text).not.toMatch(/\d{2,} business hours/);
    await page.close();
  });

  it("says who waits for a reply, what keepwarm already answered, and what is new since yesterday's digest", async () => {
    // Yesterday's digest is stored now; then Radia's silence is flagged too.
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(Date.now() - day),
    );
    const queued = await api.request({
      method: 'POST',
      url: '/v1/digests',
      body: { recruiter_id: 'rec_1', date: yesterday },
    });
    expect(queued.json()).toEqual({ queued: 1, skipped: 0 });
    await db.flag({
      applicationId: 'app_3',
      kind: 'candidate_silent',
      action: 'send_keep_warm_update',
      severity: 'medium',
      details: { business_days_silent: 5 },
      raisedAt: new Date().toISOString(),
      waitingSince: ago(8),
    });

    const { page, text } = await openOnPhone('rec_1', 'digest-phone-new.png');
    expect(text).toContain('5 candidates need you today (1 new)');
    expect(text).toMatch(/"New" marks what came up since your digest of \w+ \d+ \w+\./);
    const radia = await card(page, 'Radia Perlman');
    expect(radia).toMatch(/\bNEW\b/);
    expect(radia).toContain('No update for 5 business days (new)');
    expect(radia).toContain('To do: Schedule the next round · Send an update');
    expect(await card(page, 'Grace Hopper')).not.toContain('NEW');

    const katherine = await card(page, 'Katherine Johnson');
    expect(katherine).toContain(
      'is waiting for your reply: keepwarm sends no automatic update until a person answers',
    );
    expect(katherine).toContain('To do: Reply to the candidate');
    expect(text).toContain('Already answered by keepwarm');
    const hedy = await card(page, 'Hedy Lamarr');
    expect(hedy).toMatch(/keepwarm sent an update (today|yesterday) at \d\d:\d\d, nothing to do/);
    expect(hedy).not.toContain('To do');
    // Those who need the recruiter come before what keepwarm answered.
    expect(text.indexOf('Barbara Liskov')).toBeLessThan(text.indexOf('Hedy Lamarr'));
    await page.close();
  });

  it('names at most digest.max_candidates and links the rest to the desk with a button big enough to tap', async () => {
    const { page, text } = await openOnPhone('rec_2', 'digest-phone-capped.png');
    expect(text).toContain(`${maxCandidates + 3} candidates need you today`);
    const named = Array.from({ length: maxCandidates + 3 }, (_, index) => `Lee Candidate ${index}`).filter(
      (name) => text.includes(name),
    );
    expect(named).toHaveLength(maxCandidates);
    expect(text).toContain('3 more candidates need you.');
    const desk = page.getByRole('link', { name: 'See everyone on your desk' });
    expect(await desk.getAttribute('href')).toBe(`${api.config.env.publicBaseUrl}/app`);
    const box = await desk.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x + box!.width).toBeLessThanOrEqual(phone.width);
    await page.close();
  });
});
