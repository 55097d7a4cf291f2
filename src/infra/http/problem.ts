import { z } from 'zod';

// RFC 9457 problem details: the one error shape of every HTTP answer (docs/contract.md, "Webhooks").

export const problemTypeBase = 'https://keepwarm.dev/problems/';

const problemFieldErrorSchema = z.object({
  path: z
    .string()
    .meta({ description: 'The field, dotted ("data.application.id"); "(root)" for the whole body' }),
  message: z.string(),
});

/** The body of every error answer; /docs shows it as the Problem schema. */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: `${problemTypeBase}invalid-request` }),
    title: z.string().meta({ example: 'Bad Request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().meta({ example: 'The action is not valid: kind: Required.' }),
    errors: z
      .array(problemFieldErrorSchema)
      .optional()
      .meta({ description: 'Validation errors: one per bad field' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

export type ProblemFieldError = z.output<typeof problemFieldErrorSchema>;
export type ProblemBody = z.output<typeof problemSchema>;

export interface ProblemInit {
  status: number;
  /** Stable, kebab-case: the last segment of `type` (e.g. "invalid-signature"). */
  code: string;
  title: string;
  detail: string;
  errors?: ProblemFieldError[];
  /** Sets Retry-After (seconds) on the answer. */
  retryAfterSeconds?: number;
  /** Extra response headers, e.g. WWW-Authenticate. */
  headers?: Record<string, string>;
}

/** An error that already knows its HTTP answer; throw it from controllers, guards and services. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.status = init.status;
    this.code = init.code;
    this.type = `${problemTypeBase}${init.code}`;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.headers = init.headers ?? {};
  }

  static badRequest(detail: string, errors?: ProblemFieldError[], code = 'invalid-request'): ProblemError {
    return new ProblemError({ status: 400, code, title: 'Bad Request', detail, errors });
  }

  static unauthorized(detail: string, code = 'unauthorized'): ProblemError {
    return new ProblemError({ status: 401, code, title: 'Unauthorized', detail });
  }

  static notFound(detail: string, code = 'not-found'): ProblemError {
    return new ProblemError({ status: 404, code, title: 'Not Found', detail });
  }

  static conflict(detail: string, code = 'conflict'): ProblemError {
    return new ProblemError({ status: 409, code, title: 'Conflict', detail });
  }

  static tooManyRequests(
    retryAfterSeconds: number,
    detail = 'Too many requests; retry later.',
  ): ProblemError {
    return new ProblemError({
      status: 429,
      code: 'rate-limited',
      title: 'Too Many Requests',
      detail,
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
    });
  }

  static serviceUnavailable(
    detail = 'Storage is unavailable; retry later.',
    retryAfterSeconds = 5,
  ): ProblemError {
    return new ProblemError({
      status: 503,
      code: 'storage-unavailable',
      title: 'Service Unavailable',
      detail,
      retryAfterSeconds,
    });
  }

  toBody(): ProblemBody {
    const body: ProblemBody = {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
    };
    if (this.errors !== undefined) body.errors = this.errors;
    return body;
  }
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections, 08xxx connection exceptions.
const unavailablePgCodes = new Set(['57P01', '57P02', '57P03', '53300']);
const unavailableMessages = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /connection (?:is )?not (?:yet )?established/i,
  /Connection ended unexpectedly/i,
  /Cannot use a pool after calling end/i,
  // TypeORM before its first connection succeeded (DatabaseModule starts without PostgreSQL).
  /^Driver not Connected$/,
  /Client has encountered a connection error/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
];
const unavailableNames = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionNotFoundError',
  'ConnectionIsNotSetError',
]);

/** True when an error (or its driverError, cause or aggregated errors) says PostgreSQL cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someInChain(error, (candidate) => {
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (
      code !== undefined &&
      (unavailableCodes.has(code) || unavailablePgCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    )
      return true;
    if (typeof candidate.name === 'string' && unavailableNames.has(candidate.name)) return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    return unavailableMessages.some((pattern) => pattern.test(message));
  });
}

/** True when an ioredis call failed because Redis is unreachable (the API's producer fails fast, without an offline queue). */
export function isRedisUnavailable(error: unknown): boolean {
  return someInChain(error, (candidate) => {
    if (candidate.name === 'MaxRetriesPerRequestError') return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    return /enableOfflineQueue|Connection is closed|Reached the max retries per request limit/i.test(message);
  });
}

type ErrorLike = {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
};

function someInChain(error: unknown, test: (candidate: ErrorLike) => boolean, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const candidate = error as ErrorLike;
  if (test(candidate)) return true;
  const nested: unknown[] = [candidate.driverError, candidate.cause];
  if (Array.isArray(candidate.errors)) nested.push(...(candidate.errors as unknown[]));
  return nested.some((inner) => inner !== error && someInChain(inner, test, depth + 1));
}
