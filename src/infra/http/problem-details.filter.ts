import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isRedisUnavailable, ProblemError } from './problem';

// The one place where errors become HTTP answers: every error body is application/problem+json
// (docs/contract.md, "Webhooks"), bad input never turns into a 500, and a 500 never echoes an internal message.

const jsonBodyMessages = new Set([
  "Body is not valid JSON but content-type is set to 'application/json'",
  "Body cannot be empty when content-type is set to 'application/json'",
]);

const statusCodes: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  410: 'gone',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'service-unavailable',
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    // Outside HTTP (the worker's application context) there is no answer to write.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, request);

    if (problem.status >= 500) {
      if (problem.code === 'storage-unavailable') {
        this.logger.warn({ err: exception, route: routeOf(request) }, 'storage unavailable');
      } else {
        this.logger.error({ err: exception, route: routeOf(request) }, 'unhandled error');
      }
    }
    if (reply.sent) return;

    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    if (problem.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(problem.retryAfterSeconds));
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(JSON.stringify(problem.toBody()));
  }
}

/** Maps anything thrown while serving a request to its problem; exported for tests and for the raw Fastify error handler. */
export function toProblem(
  exception: unknown,
  request?: Pick<FastifyRequest, 'method' | 'url'>,
): ProblemError {
  if (exception instanceof ProblemError) return exception;
  if (isDatabaseUnavailable(exception) || isRedisUnavailable(exception))
    return ProblemError.serviceUnavailable();

  // Fastify's own errors, when they arrive unwrapped (a raw Fastify error handler, or a hook).
  const code = (exception as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('FST_ERR_')) {
    const fastifyProblem = fromFastifyCode(code);
    if (fastifyProblem !== undefined) return fastifyProblem;
  }

  if (exception instanceof ThrottlerException) return ProblemError.tooManyRequests(60);
  if (exception instanceof HttpException) return fromHttpException(exception, request);

  // A body parser's SyntaxError carries status 400; one without it is a bug in server code (500).
  const statusCode =
    (exception as { statusCode?: unknown; status?: unknown } | null)?.statusCode ??
    (exception as { status?: unknown } | null)?.status;
  if (exception instanceof SyntaxError && statusCode === 400) return invalidJson();
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ProblemError({
      status: statusCode,
      code: statusCodes[statusCode] ?? 'client-error',
      title: titleOf(statusCode),
      detail: 'The request could not be processed.',
    });
  }
  return internalError();
}

function fromFastifyCode(code: string): ProblemError | undefined {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return ProblemError.badRequest('Content-Length does not match the body.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidJson();
    default:
      return undefined;
  }
}

function fromHttpException(
  exception: HttpException,
  request?: Pick<FastifyRequest, 'method' | 'url'>,
): ProblemError {
  const status = exception.getStatus();
  const message = messageOf(exception);
  switch (status) {
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return payloadTooLarge();
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return unsupportedMediaType();
    case HttpStatus.TOO_MANY_REQUESTS:
      return ProblemError.tooManyRequests(60);
    case HttpStatus.BAD_REQUEST:
      if (jsonBodyMessages.has(message) || / in JSON at position \d+/.test(message)) return invalidJson();
      break;
    case HttpStatus.NOT_FOUND:
      // Nest's not-found handler says "Cannot GET /path?query": answer with the path only.
      if (/^Cannot [A-Z]+ /.test(message) && request !== undefined) {
        return ProblemError.notFound(
          `No route for ${request.method} ${request.url.split('?')[0]}.`,
          'route-not-found',
        );
      }
      break;
  }
  if (status >= 500 && status !== HttpStatus.SERVICE_UNAVAILABLE) return internalError();
  return new ProblemError({
    status,
    code: statusCodes[status] ?? (status >= 500 ? 'server-error' : 'client-error'),
    title: titleOf(status),
    detail: message || titleOf(status),
  });
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (name === undefined) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function payloadTooLarge(): ProblemError {
  return new ProblemError({
    status: 413,
    code: 'payload-too-large',
    title: 'Payload Too Large',
    detail: 'The request body exceeds the size limit (1 MiB).',
  });
}

function unsupportedMediaType(): ProblemError {
  return new ProblemError({
    status: 415,
    code: 'unsupported-media-type',
    title: 'Unsupported Media Type',
    detail: 'The request body must be application/json.',
  });
}

function invalidJson(): ProblemError {
  return ProblemError.badRequest('The request body is not valid JSON.', undefined, 'invalid-json');
}

function internalError(): ProblemError {
  return new ProblemError({
    status: 500,
    code: 'internal-error',
    title: 'Internal Server Error',
    detail: 'An unexpected error occurred.',
  });
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0];
}
