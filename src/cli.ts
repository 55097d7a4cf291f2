import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppConfig } from './config/app-config';
import { exitOnStartupError } from './app/startup';

const usage = `keepwarm — operator commands

  node dist/cli.js migrate                          apply migrations/ to DATABASE_URL (creates the database if missing)
  node dist/cli.js import <file.ndjson|->           load canonical events (NDJSON) without sending anything
  node dist/cli.js export-events [--since ISO] [--out file]   write the event log as NDJSON
  node dist/cli.js replay-quarantine [--limit N]    re-apply quarantined payloads after a fix
  node dist/cli.js backtest --history <file.ndjson|dir> [--policy p.json] [--compare other.json] [--json]
                   [--silent-days N] [--until ISO] [--source canonical]
                   [--html report.html]             replay a history under a policy with a simulated clock, in
                                                    memory: sends nothing, needs no database
`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(usage);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      source: { type: 'string' },
      history: { type: 'string' },
      policy: { type: 'string' },
      compare: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      now: { type: 'string' },
      'silent-days': { type: 'string' },
      until: { type: 'string' },
    },
  });
  const config = AppConfig.fromEnvironment();
  // Each command loads only what it runs: the backtest needs no framework, ORM or queue.
  if (command === 'backtest') {
    const { backtestCommand } = await import('./cli/backtest.command');
    process.exitCode = await backtestCommand(config, values);
    return;
  }
  if (command === 'migrate') {
    const { prepareDatabase } = await import('./app/bootstrap');
    const applied = await prepareDatabase(config);
    process.stdout.write(
      applied.length
        ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'database is up to date\n',
    );
    return;
  }
  const { runCliCommand } = await import('./cli/commands');
  process.exitCode = await runCliCommand(config, command, values, positionals, usage);
}

main().catch(exitOnStartupError);
