import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

// `npm run bench -- <name>` runs bench/<name>.ts's exported main(); with no name, every bench present,
// one after the other (they share this machine's PostgreSQL, so never at once).

interface BenchModule {
  main: () => Promise<unknown>;
}

// Every .js beside this file is a benchmark (helpers live in lib/). Benchmarks whose order matters come first; any other bench file follows alphabetically.
const preferredOrder = ['ingest', 'backtest', 'sweep', 'email', 'digest'];

function presentBenches(): string[] {
  const names = readdirSync(__dirname)
    .filter((file) => file.endsWith('.js') && file !== 'run.js')
    .map((file) => basename(file, '.js'));
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function rank(name: string): number {
  const index = preferredOrder.indexOf(name);
  return index === -1 ? preferredOrder.length : index;
}

async function run(): Promise<void> {
  const requested = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
  const available = presentBenches();
  const names = requested.length > 0 ? requested : available;
  for (const name of names) {
    if (!available.includes(name)) {
      process.stderr.write(`no benchmark named ${name} (available: ${available.join(', ') || 'none'})\n`);
      process.exitCode = 2;
      return;
    }
  }
  for (const name of names) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = require(join(__dirname, name)) as Partial<BenchModule>;
    if (typeof bench.main !== 'function') {
      process.stderr.write(`bench/${name}.ts exports no main()\n`);
      process.exitCode = 2;
      return;
    }
    process.stdout.write(`\n== bench ${name} ==\n`);
    await bench.main();
  }
}

run().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
