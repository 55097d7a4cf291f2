import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '../support/service-process';

// docs/contract.md, "Environment": invalid configuration stops the process at start with a message naming the variable,
// and a policy file with an unknown key or a wrong type names the key. Checked on the compiled
// entrypoints, as an operator would meet them.

describe('invalid configuration stops the process with exit code 1, naming the variable', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'keepwarm-config-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function startAndFail(entry: 'main' | 'worker' | 'all', env: Record<string, string>) {
    // Unreachable services: a valid configuration would get further and fail differently (or hang).
    const service = startProcess(entry, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/keepwarm_never',
      REDIS_URL: 'redis://127.0.0.1:1',
      ...env,
    });
    const exit = await service.waitForExit(15_000);
    return { exit, stderr: service.stderr() };
  }

  it.concurrent.each([
    ['PORT=abc', { PORT: 'abc' }, 'PORT'],
    ['PORT out of range', { PORT: '70000' }, 'PORT'],
    ['WEBHOOK_SECRET without whsec_', { WEBHOOK_SECRET: 'notwhsec' }, 'WEBHOOK_SECRET'],
    ['DATABASE_URL not a postgres URL', { DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    ['REDIS_URL not a redis URL', { REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    ['MIGRATIONS_RUN not a boolean', { MIGRATIONS_RUN: 'sometimes' }, 'MIGRATIONS_RUN'],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['API_RATE_LIMIT not a number', { API_RATE_LIMIT: 'many' }, 'API_RATE_LIMIT'],
    [
      'NODE_ENV=production without API_TOKEN',
      { NODE_ENV: 'production', LINK_SIGNING_SECRET: 'link-secret' },
      'API_TOKEN',
    ],
    [
      'NODE_ENV=production without LINK_SIGNING_SECRET',
      { NODE_ENV: 'production', API_TOKEN: 'token' },
      'LINK_SIGNING_SECRET',
    ],
  ])('%s', async (_title, env, variable) => {
    const { exit, stderr } = await startAndFail('main', env);
    expect(exit.code).toBe(1);
    expect(stderr).toContain(variable);
    expect(stderr).not.toContain('    at '); // a message for an operator, not a stack trace
  });

  it('applies to the worker and to npm start (dist/all.js) as well', async () => {
    for (const entry of ['worker', 'all'] as const) {
      const { exit, stderr } = await startAndFail(entry, { PORT: 'abc' });
      expect(exit.code).toBe(1);
      expect(stderr).toContain('PORT');
    }
  });

  it('a policy file with an unknown key names the key', async () => {
    const file = join(directory, 'unknown-key.json');
    writeFileSync(file, JSON.stringify({ keep_warm: { auto: false, max_in_a_rowz: 2 } }));
    const { exit, stderr } = await startAndFail('main', { POLICY_FILE: file });
    expect(exit.code).toBe(1);
    expect(stderr).toContain('max_in_a_rowz');
  });

  it('a YAML policy file with a wrong type names the key', async () => {
    const file = join(directory, 'wrong-type.yaml');
    writeFileSync(file, 'feedback_sla_hours: soon\n');
    const { exit, stderr } = await startAndFail('main', { POLICY_FILE: file });
    expect(exit.code).toBe(1);
    expect(stderr).toContain('feedback_sla_hours');
  });

  it('a POLICY_FILE that does not exist is named', async () => {
    const { exit, stderr } = await startAndFail('main', { POLICY_FILE: join(directory, 'missing.json') });
    expect(exit.code).toBe(1);
    expect(stderr).toContain('POLICY_FILE');
  });
});
