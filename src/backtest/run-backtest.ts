import { NestFactory } from '@nestjs/core';
import { prepareDatabase } from '../app/bootstrap';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { loadPolicy } from '../config/policy-file';
import { OutboxService } from '../notifications/outbox.service';
import { PipelineService } from '../pipeline/pipeline.service';
import { buildReport, type BacktestReport } from './backtest-report';
import { BacktestModule } from './backtest.module';
import { BacktestRepository } from './backtest.repository';
import { BacktestReplay } from './backtest-replay';
import type { LoadedHistory } from './history';
import { databaseUrlNamed, dropDatabase, scratchDatabaseName } from '../infra/database/scratch-database';

export interface BacktestRun {
  history: LoadedHistory;
  /** The policy file to try; undefined: the defaults. */
  policyFile?: string;
  /** Business days without contact that count a candidate as left in silence. */
  silentDays: number;
  /** Where the clock stops; default: the last event of the history. */
  until?: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * One backtest: a scratch database created from nothing (migrations), the history replayed through
 * the real pipeline, sweep and planner under a simulated clock, the report read back, the database
 * dropped. Needs PostgreSQL only; opens no Redis connection and sends nothing.
 */
export async function runBacktest(base: AppConfig, run: BacktestRun): Promise<BacktestReport> {
  const policy = loadPolicy(run.policyFile);
  const { entries } = run.history;
  const until = run.until ?? entries[entries.length - 1]?.at;
  if (!until) throw new ConfigError('the history holds no events to replay');
  const databaseUrl = databaseUrlNamed(base.env.databaseUrl, scratchDatabaseName('backtest'));
  const config = new AppConfig({ ...base.env, databaseUrl, logLevel: 'error', migrationsRun: true }, policy);
  await prepareDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(BacktestModule.forRoot(config), {
      logger: ['error'],
    });
    try {
      const totals = await app.get(BacktestReplay).replay(entries, until, run.onProgress);
      const repository = app.get(BacktestRepository);
      return buildReport({
        policy,
        policyFile: run.policyFile ?? null,
        history: {
          events: entries.length,
          applied: totals.applied,
          duplicates: totals.duplicates,
          skipped: run.history.skipped,
          from: entries[0]?.at.toISOString() ?? null,
          until: until.toISOString(),
          clock_stops: totals.instants,
        },
        flags: await repository.flags(),
        notifications: await app.get(OutboxService).countsByOutcome(),
        feedbackPeriods: await app.get(PipelineService).feedbackPeriods(),
        timelines: await repository.timelines(),
        resolveStageKind: app.get(PipelineService).resolveStageKind,
        silentDays: run.silentDays,
        until,
      });
    } finally {
      await app.close();
    }
  } finally {
    await dropDatabase(databaseUrl);
  }
}
