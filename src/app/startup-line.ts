import { INestApplicationContext, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { JobSchedulers } from '../infra/queue/job-schedulers';
import { queueNames } from '../infra/queue/queue.constants';

// Each process says once, at info, what it is and where it listens; Nest's own start-up lines are at
// debug (AppLogger). No credentials: addresses are reduced to host and port.

export interface StartupLine {
  fields: Record<string, unknown>;
  message: string;
}

export function logStartup(line: StartupLine): void {
  new Logger('keepwarm').log(line.fields, line.message);
}

export function apiStartupLine(config: AppConfig): StartupLine {
  const { host, port } = config.env;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { fields: { process: 'api', host, port }, message: `keepwarm API listening on ${url}` };
}

export function workerStartupLine(worker: INestApplicationContext, config: AppConfig): StartupLine {
  const queues = Object.values(queueNames);
  const schedules = worker.get(JobSchedulers).kept();
  const redis = new URL(config.env.redisUrl).host;
  const mail = config.env.smtpUrl
    ? `SMTP ${new URL(config.env.smtpUrl).host}`
    : `.eml files in ${config.env.mailOutboxDir}`;
  const scheduled = schedules.length
    ? schedules.map(({ schedulerId, everyMs }) => `${schedulerId} every ${duration(everyMs)}`).join(', ')
    : 'none';
  return {
    fields: {
      process: 'worker',
      queues,
      schedules: schedules.map(({ schedulerId, everyMs }) => ({ id: schedulerId, every_ms: everyMs })),
      redis,
      queue_prefix: config.env.queuePrefix,
      mail,
    },
    message:
      `keepwarm worker running queues ${queues.join(', ')} on Redis ${redis} (prefix ` +
      `${config.env.queuePrefix}); schedules: ${scheduled}; mail: ${mail}`,
  };
}

/** `npm start`: one process, one line for both. */
export function combinedStartupLine(api: StartupLine, worker: StartupLine): StartupLine {
  return {
    fields: { ...worker.fields, ...api.fields, process: 'api+worker' },
    message: `${api.message.replace('keepwarm API', 'keepwarm API and worker')}; worker ${worker.message.replace(/^keepwarm worker /, '')}`,
  };
}

/** A command that starts Nest: which one, on which database. */
export function cliStartupLine(command: string, config: AppConfig): StartupLine {
  const url = new URL(config.env.databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    fields: { process: 'cli', command, database, database_host: url.host },
    message: `keepwarm ${command} on database ${database} at ${url.host}`,
  };
}

function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
