import { spawnSync } from 'node:child_process';
import { commands } from '../../src/cli/command-line';
import { distEntry, repositoryRoot } from '../support/service-process';

// The operator commands as operators type them (node dist/cli.js, built): every command explains
// itself with --help, and a wrong command line is one line naming what is wrong, exit 2, never a
// stack trace. None of this needs a database or a valid configuration.

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [distEntry('cli'), ...args], {
    cwd: repositoryRoot,
    // A configuration that would not load: help and usage errors must not need one.
    env: { PATH: process.env.PATH, DATABASE_URL: 'not a url', LOG_LEVEL: 'info' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const names = Object.keys(commands);

describe('node dist/cli.js', () => {
  it('lists every command with --help, help or nothing at all, and exits 0', () => {
    for (const args of [['--help'], ['help'], []]) {
      const result = cli(...args);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      for (const name of names) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(names.sort()).toEqual(['backtest', 'export-events', 'import', 'migrate', 'replay-quarantine']);
  });

  it.each(names)('%s: --help, -h and help <command> print its own usage and exit 0', (name) => {
    const help = cli(name, '--help');
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(new RegExp(`^Usage: node dist/cli\\.js ${name}\\b`));
    for (const option of Object.keys(commands[name as keyof typeof commands].options))
      expect(help.stdout).toContain(`--${option}`);
    expect(cli('help', name).stdout).toBe(help.stdout);
    expect(cli(name, '-h').stdout).toBe(help.stdout);
    // --help wins over anything else on the line, even a wrong option.
    expect(cli(name, '--nope', '--help').stdout).toBe(help.stdout);
  });

  const wrong: Array<[string, string[], RegExp]> = [
    [
      'an unknown command',
      ['imprt'],
      /^node dist\/cli\.js: unknown command imprt \(see node dist\/cli\.js --help\)$/,
    ],
    [
      'an unknown option',
      ['import', '--sorce', 'x', 'f'],
      /^node dist\/cli\.js import: unknown option --sorce \(see node dist\/cli\.js import --help\)$/,
    ],
    [
      'a missing value',
      ['export-events', '--since'],
      /^node dist\/cli\.js export-events: --since needs a value \(see node dist\/cli\.js export-events --help\)$/,
    ],
    [
      'an invalid date',
      ['export-events', '--since', 'last week'],
      /^node dist\/cli\.js export-events: --since must be a date or date-time \(ISO 8601\), e\.g\. 2026-09-01 \(see .*export-events --help\)$/,
    ],
    [
      'an invalid number',
      ['replay-quarantine', '--limit', 'ten'],
      /^node dist\/cli\.js replay-quarantine: --limit must be a positive integer, e\.g\. 500 \(see .*replay-quarantine --help\)$/,
    ],
    [
      'a value on a flag',
      ['backtest', '--history', '.', '--json=yes'],
      /^node dist\/cli\.js backtest: --json takes no value \(see .*backtest --help\)$/,
    ],
    [
      'a missing required option',
      ['backtest', '--json'],
      /^node dist\/cli\.js backtest: missing --history <file\.ndjson\[\.gz\] \| dir> \(see .*backtest --help\)$/,
    ],
    [
      'a missing argument',
      ['import'],
      /^node dist\/cli\.js import: missing <file\.ndjson \| -> \(see .*import --help\)$/,
    ],
    [
      'a file that does not exist',
      ['import', 'no-such-file.ndjson'],
      /^node dist\/cli\.js import: no-such-file\.ndjson does not exist \(see .*import --help\)$/,
    ],
    [
      'an extra argument',
      ['migrate', 'now'],
      /^node dist\/cli\.js migrate: unexpected argument now \(see .*migrate --help\)$/,
    ],
    [
      'a silent-days that is no number',
      ['backtest', '--history', '.', '--silent-days', '0'],
      /^node dist\/cli\.js backtest: --silent-days must be a positive number, e\.g\. 10 \(see .*backtest --help\)$/,
    ],
    [
      'an unknown command to help',
      ['help', 'exports'],
      /^node dist\/cli\.js: unknown command exports \(see node dist\/cli\.js --help\)$/,
    ],
  ];

  it.each(wrong)('answers %s with one line naming it and a hint to --help, exit 2', (_case, args, line) => {
    const result = cli(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
