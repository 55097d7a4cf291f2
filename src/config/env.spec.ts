import { ConfigError, type Env, loadEnv, type LogLevel } from './env';

// Exact type equality, checked by `tsc` (jest strips types): Env is the schema's output, so a field
// whose type degraded to unknown or any would fail here.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

function messageOf(source: NodeJS.ProcessEnv): string {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadEnv to throw');
}

describe('loadEnv', () => {
  it('types Env from the schema: each field as the code reads it', () => {
    const typed: [
      Same<Env['port'], number>,
      Same<Env['webhookRateLimit'], number | undefined>,
      Same<Env['leverSignatureTokens'], string[]>,
      Same<Env['logLevel'], LogLevel>,
      Same<Env['migrationsRun'], boolean>,
      Same<Env['apiToken'], string | undefined>,
    ] = [true, true, true, true, true, true];
    expect(typed.every(Boolean)).toBe(true);
    expect(loadEnv({ WEBHOOK_RATE_LIMIT: '5' }).webhookRateLimit).toBe(5);
  });

  it('applies every default of docs/contract.md', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/keepwarm',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'keepwarm',
      port: 3000,
      host: '0.0.0.0',
      apiToken: undefined,
      linkSigningSecret: undefined,
      publicBaseUrl: 'http://localhost:3000',
      companyName: 'our recruiting team',
      logLevel: 'info',
      migrationsRun: true,
      webhookRateLimit: undefined,
      apiRateLimit: 600,
      webhookSecret: undefined,
      greenhouseSecret: undefined,
      leverSignatureTokens: [],
      ashbySecret: undefined,
      smtpUrl: undefined,
      mailOutboxDir: './var/outbox',
      mailFrom: 'keepwarm@localhost',
      policyFile: undefined,
      workerSchedules: true,
      slackBotToken: undefined,
      slackSigningSecret: undefined,
      slackApiUrl: 'https://slack.com/api/',
      slackUserCacheTtlMs: 21600000,
      slackUserMissTtlMs: 900000,
      slackTimeoutMs: 10000,
      emailRetryAttempts: 8,
      emailBackoffMs: 30000,
      sweepBatchSize: 500,
      dbPoolSize: 10,
      shutdownTimeoutMs: 10000,
    });
  });

  it('reads typed values and treats blank values as unset', () => {
    const env = loadEnv({
      PORT: '8080',
      MIGRATIONS_RUN: '0',
      WORKER_SCHEDULES: 'FALSE',
      WEBHOOK_RATE_LIMIT: '120',
      API_TOKEN: '  ',
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      PUBLIC_BASE_URL: 'https://keepwarm.example.com/',
      LOG_LEVEL: 'debug',
    });
    expect(env.port).toBe(8080);
    expect(env.migrationsRun).toBe(false);
    expect(env.workerSchedules).toBe(false);
    expect(env.webhookRateLimit).toBe(120);
    expect(env.apiToken).toBeUndefined();
    expect(env.smtpUrl).toBe('smtps://user:pass@mail.example.com:465');
    expect(env.publicBaseUrl).toBe('https://keepwarm.example.com');
    expect(env.logLevel).toBe('debug');
  });

  it('splits the Lever token list on commas', () => {
    expect(loadEnv({ LEVER_SIGNATURE_TOKEN: 'alpha, beta,,gamma ' }).leverSignatureTokens).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(loadEnv({ LEVER_SIGNATURE_TOKEN: 'only' }).leverSignatureTokens).toEqual(['only']);
  });

  it('reads the Slack settings; the API base always ends in a slash', () => {
    const env = loadEnv({
      SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdef',
      SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
      SLACK_API_URL: 'http://127.0.0.1:4010/api',
    });
    expect(env.slackBotToken).toBe('xoxb-1234-5678-abcdef');
    expect(env.slackSigningSecret).toBe('8f742231b10e8888abcd99yyyzzz85a5');
    expect(env.slackApiUrl).toBe('http://127.0.0.1:4010/api/');
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-1234-5678', 'SLACK_BOT_TOKEN must be a Slack bot token (xoxb-…)'],
    ['SLACK_BOT_TOKEN', 'xoxb-has space', 'SLACK_BOT_TOKEN must be a Slack bot token (xoxb-…)'],
    ['SLACK_API_URL', 'slack.com/api', 'SLACK_API_URL must be a http:// or https:// URL'],
    ['SLACK_USER_CACHE_TTL_MS', '10', 'SLACK_USER_CACHE_TTL_MS must be an integer of at least 1000'],
    ['SLACK_TIMEOUT_MS', '0', 'SLACK_TIMEOUT_MS must be an integer between 100 and 120000'],
    ['PORT', '0', 'PORT must be an integer between 1 and 65535'],
    ['PORT', 'http', 'PORT must be an integer between 1 and 65535'],
    ['DATABASE_URL', 'mysql://localhost/x', 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL must be a redis:// or rediss:// URL'],
    ['QUEUE_PREFIX', 'has space', 'QUEUE_PREFIX must contain only'],
    ['PUBLIC_BASE_URL', 'keepwarm.example.com', 'PUBLIC_BASE_URL must be a http:// or https:// URL'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ['MIGRATIONS_RUN', 'yes', 'MIGRATIONS_RUN must be true, false, 1 or 0'],
    ['WORKER_SCHEDULES', 'off', 'WORKER_SCHEDULES must be true, false, 1 or 0'],
    ['WEBHOOK_RATE_LIMIT', '-1', 'WEBHOOK_RATE_LIMIT must be an integer of at least 1'],
    ['API_RATE_LIMIT', '1.5', 'API_RATE_LIMIT must be an integer of at least 1'],
    [
      'WEBHOOK_SECRET',
      'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'WEBHOOK_SECRET must be "whsec_" followed by a base64-encoded key',
    ],
    ['WEBHOOK_SECRET', 'whsec_not base64!', 'WEBHOOK_SECRET must be "whsec_"'],
    ['SMTP_URL', 'http://mail:1025', 'SMTP_URL must be a smtp:// or smtps:// URL'],
    ['MAIL_FROM', 'keepwarm', 'MAIL_FROM must be an email address'],
    ['EMAIL_RETRY_ATTEMPTS', '0', 'EMAIL_RETRY_ATTEMPTS must be an integer between 1 and 100'],
    ['DB_POOL_SIZE', 'many', 'DB_POOL_SIZE must be an integer between 1 and 1000'],
  ])('names %s when it is invalid (%s)', (name, value, expected) => {
    const message = messageOf({ [name]: value });
    expect(message).toContain('Invalid configuration: ');
    expect(message).toContain(expected);
  });

  it('names every invalid variable at once', () => {
    const message = messageOf({ PORT: '70000', LOG_LEVEL: 'loud' });
    expect(message).toMatch(/PORT .*; LOG_LEVEL /);
  });

  it('requires API_TOKEN and LINK_SIGNING_SECRET in production', () => {
    expect(messageOf({ NODE_ENV: 'production' })).toBe(
      'Invalid configuration: API_TOKEN is required when NODE_ENV=production; LINK_SIGNING_SECRET is required when NODE_ENV=production',
    );
    expect(messageOf({ NODE_ENV: 'production', API_TOKEN: 'token' })).toBe(
      'Invalid configuration: LINK_SIGNING_SECRET is required when NODE_ENV=production',
    );
    const env = loadEnv({ NODE_ENV: 'production', API_TOKEN: 'token', LINK_SIGNING_SECRET: 'secret' });
    expect(env.isProduction).toBe(true);
    expect(env.apiToken).toBe('token');
  });

  it('lets API_TOKEN be unset outside production', () => {
    expect(loadEnv({ NODE_ENV: 'test' }).apiToken).toBeUndefined();
  });
});
