import { z } from 'zod';
import { validate } from '../canonical/validation-messages';
import { ConfigError } from './config-error';

export { ConfigError };

// The environment of docs/contract.md ("Processes, commands, environment"), validated once at start.
// Every variable is a string in process.env; blank values count as unset so that compose files
// can list a variable without setting it.

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const blankToUndefined = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** A variable that may be unset; blank counts as unset. */
function optional<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

/** A variable with a default, given as the string the environment would hold. */
function withDefault<T extends z.ZodType<unknown, string>>(fallback: string, schema: T) {
  return z.preprocess(blankToUndefined, z.string().default(fallback).pipe(schema));
}

function integer(min: number, max?: number) {
  const message =
    max === undefined
      ? `must be an integer of at least ${min}`
      : `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^-?\d+$/, message)
    .transform(Number)
    .pipe(
      z
        .number()
        .int(message)
        .min(min, message)
        .max(max ?? Number.MAX_SAFE_INTEGER, message),
    );
}

const boolean = z
  .string()
  .regex(/^(true|false|1|0)$/i, 'must be true, false, 1 or 0')
  .transform((value) => value === '1' || value.toLowerCase() === 'true');

function url(protocols: readonly string[], example: string) {
  const message = `must be a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL (e.g. ${example})`;
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, message);
}

const secret = z.string().min(1, 'must not be empty');

// Standard Webhooks: "whsec_" followed by the base64 of the signing key.
const webhookSecret = z.string().refine((value) => {
  if (!value.startsWith('whsec_')) return false;
  const encoded = value.slice('whsec_'.length);
  return (
    /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) &&
    encoded.length % 4 === 0 &&
    Buffer.from(encoded, 'base64').length > 0
  );
}, 'must be "whsec_" followed by a base64-encoded key');

// A bot token (xoxb-…). Rotating tokens expire every 12 hours (docs.slack.dev/authentication/using-token-rotation),
// which a variable set at deploy time cannot follow; a user token (xoxp-) would post as a person, not as the app.
const slackBotToken = z.string().regex(/^xoxb-[\x21-\x7e]+$/, 'must be a Slack bot token (xoxb-…)');

const tokenList = z.string().transform((value) =>
  value
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0),
);

const envSchema = z
  .object({
    NODE_ENV: withDefault('development', z.string()),
    DATABASE_URL: withDefault(
      'postgres://postgres@127.0.0.1:5432/keepwarm',
      url(['postgres:', 'postgresql:'], 'postgres://user@host:5432/db'),
    ),
    REDIS_URL: withDefault(DEFAULT_REDIS_URL, url(['redis:', 'rediss:'], DEFAULT_REDIS_URL)),
    // Braces allowed: a hash-tagged prefix ({keepwarm}) keeps BullMQ on one Redis Cluster slot.
    QUEUE_PREFIX: withDefault(
      'keepwarm',
      z.string().regex(/^[A-Za-z0-9_:.{}-]+$/, 'must contain only letters, digits and _ : . { } -'),
    ),
    PORT: withDefault('3000', integer(1, 65535)),
    HOST: withDefault('0.0.0.0', z.string()),
    API_TOKEN: optional(secret),
    LINK_SIGNING_SECRET: optional(secret),
    PUBLIC_BASE_URL: withDefault(
      'http://localhost:3000',
      url(['http:', 'https:'], 'https://keepwarm.example.com'),
    ),
    COMPANY_NAME: withDefault('our recruiting team', z.string()),
    LOG_LEVEL: withDefault('info', z.enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` })),
    MIGRATIONS_RUN: withDefault('true', boolean),
    WEBHOOK_RATE_LIMIT: optional(integer(1)),
    API_RATE_LIMIT: withDefault('600', integer(1)),
    WEBHOOK_SECRET: optional(webhookSecret),
    GREENHOUSE_SECRET: optional(secret),
    LEVER_SIGNATURE_TOKEN: withDefault('', tokenList),
    ASHBY_SECRET: optional(secret),
    SMTP_URL: optional(url(['smtp:', 'smtps:'], 'smtp://127.0.0.1:2525')),
    MAIL_OUTBOX_DIR: withDefault('./var/outbox', z.string()),
    MAIL_FROM: withDefault(
      'keepwarm@localhost',
      z.string().regex(/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an email address'),
    ),
    POLICY_FILE: optional(z.string()),
    WORKER_SCHEDULES: withDefault('true', boolean),
    SLACK_BOT_TOKEN: optional(slackBotToken),
    SLACK_SIGNING_SECRET: optional(secret),
    SLACK_API_URL: withDefault('https://slack.com/api/', url(['http:', 'https:'], 'https://slack.com/api/')),
    // Operational extras (.env.example), tunable by tests and operators; not part of the public contract.
    EMAIL_RETRY_ATTEMPTS: withDefault('8', integer(1, 100)),
    EMAIL_BACKOFF_MS: withDefault('30000', integer(0)),
    EMAIL_CONCURRENCY: withDefault('5', integer(1, 1000)),
    SWEEP_BATCH_SIZE: withDefault('500', integer(1, 100000)),
    SWEEP_INTERVAL_MS: withDefault('60000', integer(100)),
    OUTBOX_RELAY_INTERVAL_MS: withDefault('5000', integer(50)),
    SCHEDULE_REFRESH_MS: withDefault('60000', integer(100)),
    DB_POOL_SIZE: withDefault('10', integer(1, 1000)),
    SHUTDOWN_TIMEOUT_MS: withDefault('10000', integer(0)),
    SLACK_USER_CACHE_TTL_MS: withDefault('21600000', integer(1000)),
    SLACK_USER_MISS_TTL_MS: withDefault('900000', integer(1000)),
    SLACK_TIMEOUT_MS: withDefault('10000', integer(100, 120000)),
  })
  .superRefine((raw, context) => {
    if (raw.NODE_ENV !== 'production') return;
    // Outside production an unset API_TOKEN opens /v1/* for local use; in production it must not.
    for (const name of ['API_TOKEN', 'LINK_SIGNING_SECRET'] as const) {
      if (raw[name] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: 'is required when NODE_ENV=production',
        });
      }
    }
  })
  // The code reads camelCase names; the environment's own names stay in this file.
  .transform((raw) => ({
    nodeEnv: raw.NODE_ENV,
    isProduction: raw.NODE_ENV === 'production',
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    queuePrefix: raw.QUEUE_PREFIX,
    port: raw.PORT,
    host: raw.HOST,
    apiToken: raw.API_TOKEN,
    linkSigningSecret: raw.LINK_SIGNING_SECRET,
    // Links are built as `${publicBaseUrl}/path`.
    publicBaseUrl: raw.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    companyName: raw.COMPANY_NAME,
    logLevel: raw.LOG_LEVEL,
    migrationsRun: raw.MIGRATIONS_RUN,
    /** Requests per minute per client address on /webhooks/*; undefined: no limit. */
    webhookRateLimit: raw.WEBHOOK_RATE_LIMIT,
    /** Requests per minute per token on /v1/*. */
    apiRateLimit: raw.API_RATE_LIMIT,
    webhookSecret: raw.WEBHOOK_SECRET,
    greenhouseSecret: raw.GREENHOUSE_SECRET,
    /** Lever can issue one token per event type; empty: the endpoint is not configured. */
    leverSignatureTokens: raw.LEVER_SIGNATURE_TOKEN,
    ashbySecret: raw.ASHBY_SECRET,
    smtpUrl: raw.SMTP_URL,
    mailOutboxDir: raw.MAIL_OUTBOX_DIR,
    mailFrom: raw.MAIL_FROM,
    policyFile: raw.POLICY_FILE,
    workerSchedules: raw.WORKER_SCHEDULES,
    slackBotToken: raw.SLACK_BOT_TOKEN,
    slackSigningSecret: raw.SLACK_SIGNING_SECRET,
    slackApiUrl: raw.SLACK_API_URL.endsWith('/') ? raw.SLACK_API_URL : `${raw.SLACK_API_URL}/`,
    slackUserCacheTtlMs: raw.SLACK_USER_CACHE_TTL_MS,
    slackUserMissTtlMs: raw.SLACK_USER_MISS_TTL_MS,
    slackTimeoutMs: raw.SLACK_TIMEOUT_MS,
    emailRetryAttempts: raw.EMAIL_RETRY_ATTEMPTS,
    emailBackoffMs: raw.EMAIL_BACKOFF_MS,
    emailConcurrency: raw.EMAIL_CONCURRENCY,
    sweepBatchSize: raw.SWEEP_BATCH_SIZE,
    sweepIntervalMs: raw.SWEEP_INTERVAL_MS,
    outboxRelayIntervalMs: raw.OUTBOX_RELAY_INTERVAL_MS,
    /** How often a worker re-asserts its job schedulers (they come back after Redis lost its data). */
    scheduleRefreshMs: raw.SCHEDULE_REFRESH_MS,
    dbPoolSize: raw.DB_POOL_SIZE,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
  }));

export type Env = z.output<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = validate(envSchema, source);
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => `${issue.path.map(String).join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${[...new Set(problems)].join('; ')}`);
  }
  return parsed.data;
}
