import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, haveChromium, launchChromium } from '../support/browser';

// `backtest --html` as a recruiting-ops lead opens it: the file from the CLI, in a real headless
// Chromium with every request refused and counted, at desktop and phone width. The charts must draw
// from what is inlined, nothing may leave the page, names from the history must show as text (one
// hiring manager is renamed to markup here), and axe-core must find nothing serious or critical.
// Screenshots go to var/screenshots/ (gitignored) for a person to look at.

const root = resolve(__dirname, '../..');
const screenshots = join(root, 'var', 'screenshots');
const hostileName = `<img src=x onerror="window.__pwned=1"> Amara "Ops" & Co </script><b>`;

if (!haveChromium) {
  console.warn(`backtest-report: SKIPPED, no Chromium at ${chromiumPath} (apt-get install -y chromium)`);
}

(haveChromium ? describe : describe.skip)('the backtest HTML report in a browser', () => {
  let directory: string;
  let browser: Browser;
  let history: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'keepwarm-backtest-html-'));
    history = join(directory, 'history.ndjson');
    const demo = readFileSync(join(root, 'test/fixtures/backtest/demo.ndjson'), 'utf8');
    writeFileSync(history, demo.split(JSON.stringify('Amara Iyer')).join(JSON.stringify(hostileName)));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  function writeReport(name: string, extra: string[]): string {
    const file = join(directory, `${name}.html`);
    const run = spawnSync(
      process.execPath,
      [join(root, 'dist/cli.js'), 'backtest', '--history', history, '--html', file, ...extra],
      { cwd: root, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`wrote ${file}`);
    return readFileSync(file, 'utf8');
  }

  async function open(html: string, viewport: { width: number; height: number }) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requests, errors };
  }

  /** Each chart's canvas holds a Chart.js chart with data, and pixels that are not background. */
  async function chartsDrawn(page: Page): Promise<Record<string, { datasets: number; inked: number }>> {
    // A string: the test's TypeScript knows no DOM; this runs in the page.
    return page.evaluate(`(() => {
      const out = {};
      for (const canvas of document.querySelectorAll('canvas')) {
        const chart = Chart.getChart(canvas);
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) inked += 1;
        out[canvas.id] = { datasets: chart ? chart.data.datasets.length : 0, inked };
      }
      return out;
    })()`);
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const results = await page.evaluate<{
      violations: Array<{ id: string; impact: string; nodes: unknown[] }>;
    }>('axe.run()');
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length} nodes)`);
  }

  it.each([
    [
      'one policy',
      'backtest-report',
      [] as string[],
      ['chart-flags-0', 'chart-emails-0', 'chart-feedback', 'chart-silence'],
    ],
    [
      'two policies compared',
      'backtest-report-compare',
      ['--compare', 'test/fixtures/backtest/fast-policy.json'],
      [
        'chart-flags-0',
        'chart-flags-1',
        'chart-emails-0',
        'chart-emails-1',
        'chart-feedback',
        'chart-silence',
      ],
    ],
  ])(
    '%s: draws its charts offline, escapes names, passes axe, fits a phone',
    async (_name, file, extra, charts) => {
      const html = writeReport(file, extra);
      // Escaped where it is HTML, and unable to end the inlined data's <script>.
      expect(html).not.toContain('<img src=x');
      expect(html).toContain(
        '&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; Amara &quot;Ops&quot; &amp; Co &lt;/script&gt;&lt;b&gt;',
      );
      expect(html.match(/<\/script>/g)).toHaveLength(3);

      mkdirSync(screenshots, { recursive: true });
      const desktop = await open(html, { width: 1366, height: 900 });
      const drawn = await chartsDrawn(desktop.page);
      expect(Object.keys(drawn).sort()).toEqual([...charts].sort());
      for (const id of charts) {
        expect(drawn[id].datasets).toBeGreaterThan(0);
        expect(drawn[id].inked).toBeGreaterThan(1000);
      }
      expect(await desktop.page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await desktop.page.locator('img').count()).toBe(0);
      const text = await desktop.page.innerText('body');
      expect(text).toContain(`${hostileName} (hm_3)`);
      expect(text).toContain('Time to feedback per hiring manager');
      expect(desktop.requests).toEqual([]);
      expect(desktop.errors).toEqual([]);
      await desktop.page.screenshot({ path: join(screenshots, `${file}-desktop.png`), fullPage: true });
      expect(await seriousViolations(desktop.page)).toEqual([]);
      await desktop.page.close();

      const phone = await open(html, { width: 390, height: 844 });
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        390,
      );
      const phoneCharts = await chartsDrawn(phone.page);
      for (const id of charts) expect(phoneCharts[id].inked).toBeGreaterThan(500);
      expect(phone.requests).toEqual([]);
      expect(phone.errors).toEqual([]);
      await phone.page.screenshot({ path: join(screenshots, `${file}-phone.png`), fullPage: true });
      await phone.page.close();
      expect(existsSync(join(screenshots, `${file}-desktop.png`))).toBe(true);
    },
  );
});
