import 'reflect-metadata';
import { exitOnStartupError } from './app/startup';
import { CommandName, CommandOptions, parseCommandLine, UsageError } from './cli/command-line';

async function main(): Promise<void> {
  let invocation: ReturnType<typeof parseCommandLine>;
  try {
    invocation = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.line()}\n`);
    process.exitCode = 2;
    return;
  }
  if (invocation.kind === 'help') {
    process.stdout.write(invocation.text);
    return;
  }
  process.exitCode = await run(invocation.command, invocation.options, invocation.positionals);
}

async function run(command: CommandName, options: CommandOptions, positionals: string[]): Promise<number> {
  // Loaded after the command line is read: --help needs neither a valid configuration nor Nest.
  const { AppConfig } = await import('./config/app-config');
  const config = AppConfig.fromEnvironment();
  if (command === 'backtest') {
    const { backtestCommand } = await import('./cli/backtest.command');
    return backtestCommand(config, options);
  }
  if (command === 'migrate') {
    const { prepareDatabase } = await import('./app/bootstrap');
    const applied = await prepareDatabase(config);
    process.stdout.write(
      applied.length
        ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'database is up to date\n',
    );
    return 0;
  }
  const { runCliCommand } = await import('./cli/commands');
  return runCliCommand(config, command, options, positionals);
}

main().catch(exitOnStartupError);
