import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The backtest prints, byte for byte, the reports recorded from the old database-driven replay
// before it was rewritten (test/fixtures/backtest/README.md): same command lines, same clean
// environment, every golden. No database or Redis is reachable: the backtest needs neither.

const root = resolve(__dirname, '../..');
const fixtures = 'test/fixtures/backtest';

const goldens: Array<[string, string[]]> = [
  ['hand-built.default', ['--history', `${fixtures}/hand-built.ndjson`]],
  ['hand-built.default.silent-days-4', ['--history', `${fixtures}/hand-built.ndjson`, '--silent-days', '4']],
  [
    'hand-built.default-vs-fast',
    ['--history', `${fixtures}/hand-built.ndjson`, '--compare', `${fixtures}/fast-policy.json`],
  ],
  [
    'hand-built.default-vs-keep-warm-off',
    ['--history', `${fixtures}/hand-built.ndjson`, '--compare', `${fixtures}/keep-warm-off-policy.json`],
  ],
  ['greenhouse.default', ['--history', `${fixtures}/greenhouse`]],
  [
    'greenhouse.default-vs-fast',
    ['--history', `${fixtures}/greenhouse`, '--compare', `${fixtures}/fast-policy.json`],
  ],
  ['demo.default', ['--history', `${fixtures}/demo.ndjson`]],
  [
    'demo.default-vs-fast',
    ['--history', `${fixtures}/demo.ndjson`, '--compare', `${fixtures}/fast-policy.json`],
  ],
  [
    'demo.default-vs-keep-warm-off',
    ['--history', `${fixtures}/demo.ndjson`, '--compare', `${fixtures}/keep-warm-off-policy.json`],
  ],
  // Read gzipped as committed.
  ['demo-x5.default', ['--history', `${fixtures}/demo-x5.ndjson.gz`]],
];

describe('backtest golden reports', () => {
  it.each(goldens)('%s', (name, args) => {
    const run = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'backtest', ...args, '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'silent',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable',
        REDIS_URL: 'redis://127.0.0.1:1',
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(root, fixtures, 'golden', `${name}.json`), 'utf8'));
  });
});
