import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '../app/bootstrap';
import { cliStartupLine, logStartup } from '../app/startup-line';
import { AppLogger } from '../infra/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { QuarantineReplayService } from '../ingestion/quarantine-replay.service';
import { IngestionService } from '../ingestion/ingestion.service';
import type { PipelineEvent } from '../pipeline/application-projection';
import { eventLogLine, readEventLogLine } from '../pipeline/event-log-line';
import { PipelineService } from '../pipeline/pipeline.service';
import { CliModule } from './cli.module';
import type { CommandName, CommandOptions } from './command-line';

/** The commands that work on the pipeline through Nest; their command line is checked (command-line.ts). */
export async function runCliCommand(
  config: AppConfig,
  command: Exclude<CommandName, 'migrate' | 'backtest'>,
  options: CommandOptions,
  positionals: string[],
): Promise<number> {
  if (config.env.migrationsRun) await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  logStartup(cliStartupLine(command, config));
  try {
    if (command === 'import')
      return await importEvents(
        app.get(DataSource),
        app.get(IngestionService),
        positionals[0],
        String(options.source ?? 'canonical'),
      );
    if (command === 'export-events')
      return await exportEvents(
        app.get(PipelineService),
        options.since as string | undefined,
        options.out as string | undefined,
      );
    const result = await app.get(QuarantineReplayService).replayAll(Number(options.limit ?? 1000));
    process.stdout.write(
      `replayed ${result.replayed}, still invalid ${result.stillInvalid}, ignored ${result.ignored}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

/**
 * Loads an existing pipeline through the same projection as webhooks; sends nothing. Lines are
 * canonical events of `defaultSource`, or lines of export-events, each with its own source.
 */
async function importEvents(
  dataSource: DataSource,
  ingestion: IngestionService,
  file: string,
  defaultSource: string,
): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let applied = 0;
  let duplicates = 0;
  let invalid = 0;
  let batch: Array<{ source: string; event: PipelineEvent }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const deliveries = runsOfOneSource(batch);
    batch = [];
    const outcomes = await dataSource.transaction((manager) =>
      ingestion.applyBatch(manager, deliveries, new Date()),
    );
    for (const outcome of outcomes) {
      applied += outcome.applied;
      duplicates += outcome.duplicates;
    }
  };
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    const entry = readLine(line, lineNumber, defaultSource);
    if (!entry) {
      invalid += 1;
      continue;
    }
    batch.push(entry);
    if (batch.length >= 500) await flush();
  }
  await flush();
  process.stdout.write(`imported ${applied} event(s), ${duplicates} already known, ${invalid} invalid\n`);
  return invalid > 0 ? 1 : 0;
}

/** Consecutive lines of one source form one delivery; the order of the lines is kept. */
function runsOfOneSource(
  entries: ReadonlyArray<{ source: string; event: PipelineEvent }>,
): Array<{ source: string; incoming: Array<{ event: PipelineEvent }> }> {
  const runs: Array<{ source: string; incoming: Array<{ event: PipelineEvent }> }> = [];
  for (const { source, event } of entries) {
    const last = runs[runs.length - 1];
    if (last?.source === source) last.incoming.push({ event });
    else runs.push({ source, incoming: [{ event }] });
  }
  return runs;
}

function readLine(
  line: string,
  lineNumber: number,
  defaultSource: string,
): { source: string; event: PipelineEvent } | null {
  let body: unknown;
  try {
    body = JSON.parse(line);
  } catch {
    process.stderr.write(`line ${lineNumber}: not JSON\n`);
    return null;
  }
  const read = readEventLogLine(body, defaultSource);
  if (read.kind === 'event') return { source: read.source, event: read.event };
  if (read.kind === 'unknown_type') process.stderr.write(`line ${lineNumber}: ignored type ${read.type}\n`);
  else
    process.stderr.write(
      `line ${lineNumber}: ${read.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`,
    );
  return null;
}

/**
 * The event log as NDJSON in the order it was stored, each event with its source: `import` reads it
 * back into another database, and the backtest replays it as a team's own history.
 */
async function exportEvents(
  pipeline: PipelineService,
  since: string | undefined,
  out: string | undefined,
): Promise<number> {
  const output: NodeJS.WritableStream = out ? createWriteStream(out) : process.stdout;
  let count = 0;
  for await (const row of pipeline.eventLog(since ? new Date(since) : null)) {
    if (!output.write(`${eventLogLine(row)}\n`))
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    count += 1;
  }
  if (out) await new Promise<void>((resolve) => output.end(() => resolve()));
  process.stderr.write(`exported ${count} event(s)\n`);
  return 0;
}
