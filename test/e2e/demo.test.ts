import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import IORedis from 'ioredis';
import { freshDatabaseName } from '../support/database';
import { adminDatabaseUrl, databaseUrl, testRedisUrl } from '../support/environment';
import { dropDatabase } from '../../src/infra/database/scratch-database';

// `npm run demo` end to end, as a newcomer runs it (after the build): the compiled demo in a child
// process, on a database and an output directory of this test's own.

describe('the demo (node dist/demo/demo.js)', () => {
  const database = freshDatabaseName();
  const output = mkdtempSync(join(tmpdir(), 'keepwarm-demo-'));

  afterAll(async () => {
    await dropDatabase(databaseUrl(database));
    rmSync(output, { recursive: true, force: true });
  });

  it('runs the real service on a six-week pipeline, exits 0, and reports flags, emails and digests', async () => {
    const child = spawn(process.execPath, [resolve(__dirname, '../../dist/demo/demo.js')], {
      cwd: output,
      env: {
        ...process.env,
        DATABASE_URL: adminDatabaseUrl(),
        REDIS_URL: testRedisUrl(),
        DEMO_DATABASE: database,
        DEMO_OUTPUT_DIR: output,
        MAIL_OUTBOX_DIR: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect({ code, stderr: stderr.replace(/npm warn.*\n/g, '') }).toEqual({ code: 0, stderr: '' });

    const events = /Events: (\d+) webhooks accepted/.exec(stdout);
    expect(Number(events?.[1])).toBeGreaterThan(1500);
    expect(stdout).toContain('{"status":"duplicate"}');
    const flags = /Flags: (\d+) open now/.exec(stdout);
    expect(Number(flags?.[1])).toBeGreaterThan(0);
    for (const kind of ['feedback_overdue', 'candidate_silent', 'job_closed_with_active_candidates'])
      expect(stdout).toMatch(new RegExp(`${kind}\\s+[1-9]`));
    const sent = /Emails: (\d+) sent/.exec(stdout);
    expect(Number(sent?.[1])).toBeGreaterThan(0);
    expect(stdout).toMatch(/keep_warm\s+agency\s+[1-9]/);
    expect(stdout).toContain('Hiring managers: time to feedback');
    expect(stdout).toContain('Digest of ');
    // The digest counts candidates, words waits in business days, and the candidates who wrote get no generic update.
    expect(stdout).toMatch(/│ \d+ candidates? needs? you today/);
    expect(stdout).not.toMatch(/\(\d+ items\)/);
    expect(stdout).not.toMatch(/\b(2[4-9]|[3-9]\d|\d{3,}) business hours/);
    expect(stdout).toMatch(/awaiting_human_reply\s+[1-9]/);

    const outbox = join(output, 'outbox');
    const emails = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    expect(emails.length).toBe(Number(sent?.[1]));
    expect(readFileSync(join(outbox, emails[0]), 'utf8')).toMatch(/^Message-ID: </m);
    for (const recruiter of ['rec_1', 'rec_2', 'rec_3', 'rec_4'])
      expect(existsSync(join(output, 'digests', `${recruiter}.html`))).toBe(true);

    // Nothing left in Redis under the demo's prefix.
    const prefix = /Redis prefix (keepwarm_demo_[0-9a-f]+)/.exec(stdout)?.[1];
    expect(prefix).toBeDefined();
    const redis = new IORedis(testRedisUrl());
    try {
      expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 300_000);
});
