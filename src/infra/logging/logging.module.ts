import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Injectable, Module, RequestMethod } from '@nestjs/common';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import { destination as pinoDestination, DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../../config/app-config';
import type { Env } from '../../config/env';
import { redactedValue, redactPersonalData } from './redact';

export { redactPersonalData, isSensitiveKey, redactedValue } from './redact';

// JSON logs through pino. Request logs carry method, path (never the query: it can hold tokens),
// status and duration; bodies and headers are never logged, personal data is redacted at any depth.

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.signature',
  'req.headers["webhook-signature"]',
  'req.headers["ashby-signature"]',
  'headers.authorization',
  'headers.cookie',
  'headers.signature',
  'headers["webhook-signature"]',
  'headers["ashby-signature"]',
  'email',
  'name',
  '*.email',
  '*.name',
  'recipient',
  '*.recipient',
  'to',
  '*.to',
  'candidate_name',
  '*.candidate_name',
];

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const quietRoutes = /^\/(health\/|metrics(\/|$))/;

/** A caller's X-Request-Id when it is sane, else a new UUID. */
export function requestIdOf(request: { headers: IncomingHttpHeaders }): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
}

/** For the FastifyAdapter constructor: request ids from a sane X-Request-Id, else UUIDs; pino-http logs this id. */
export const fastifyRequestIdOptions: {
  requestIdHeader: false;
  genReqId: (request: { headers: IncomingHttpHeaders }) => string;
} = {
  requestIdHeader: false,
  genReqId: requestIdOf,
};

/** Echoes the request id in every answer's X-Request-Id. */
export function registerRequestIdHeader(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
}

function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

export function pinoHttpOptions(env: Pick<Env, 'logLevel'>): Options {
  return {
    level: env.logLevel,
    redact: { paths: redactedPaths, censor: redactedValue },
    formatters: { log: (object) => redactPersonalData(object) },
    // Under Fastify the request already carries Fastify's id (fastifyRequestIdOptions); this covers other servers.
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const id = requestIdOf(request);
      response.setHeader('x-request-id', id);
      return id;
    },
    // Behind Nest's middleware mount, url is relative; originalUrl is the path the client asked for.
    autoLogging: {
      ignore: (request) =>
        quietRoutes.test(
          pathOf((request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url),
        ),
    },
    customLogLevel: (_request, response, error) => requestLogLevel(response.statusCode, error),
    serializers: {
      req: (request: { id?: unknown; method?: string; url?: string }) => ({
        id: request.id,
        method: request.method,
        url: pathOf(request.url),
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  };
}

function requestLogLevel(statusCode: number, error?: unknown): 'error' | 'warn' | 'info' {
  if (error !== undefined || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/** nestjs-pino's parameters; `destination` (a stream) replaces stdout, for tests. */
export function loggerParams(env: Pick<Env, 'logLevel'>, destination?: DestinationStream): Params {
  const options = pinoHttpOptions(env);
  return {
    pinoHttp: destination ? [options, destination] : options,
    // Webhooks are logged by registerWebhookRequestLogs instead.
    exclude: [{ path: 'webhooks/*path', method: RequestMethod.ALL }],
  };
}

/**
 * Logs each webhook delivery's answer from a Fastify hook, with the same logger and the same line as
 * pino-http writes for every other route. pino-http runs as Express-style middleware under Fastify,
 * which cost about 100 µs of CPU per request, a seventh of everything a delivery cost: webhooks
 * are the hot path, and their handlers log nothing per request that would need its context.
 */
export function registerWebhookRequestLogs(instance: FastifyInstance): void {
  instance.addHook('onResponse', (request, reply, done) => {
    if (request.url.startsWith('/webhooks/')) {
      const statusCode = reply.statusCode;
      PinoLogger.root[requestLogLevel(statusCode)](
        {
          req: { id: request.id, method: request.method, url: pathOf(request.url) },
          res: reply.raw, // through the same serializer as pino-http's: { statusCode }
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}

// Nest's own start-up chatter: a line per module initialised and per route mapped. Kept, at debug;
// each process says what it is and where it listens in one info line of its own (app/startup-line.ts).
const frameworkContexts = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/** nestjs-pino's Logger, with Nest's framework messages moved from info to debug. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && frameworkContexts.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

function loggerModule(fileDescriptor?: 2): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) =>
      loggerParams(config.env, fileDescriptor === undefined ? undefined : pinoDestination(fileDescriptor)),
  });
}

/**
 * nestjs-pino configured from AppConfig, to standard output: create the application with
 * { bufferLogs: true }, then app.useLogger(app.get(AppLogger)).
 */
@Module({ imports: [loggerModule()], providers: [AppLogger], exports: [LoggerModule, AppLogger] })
export class LoggingModule {}

/** The same to standard error, for commands whose standard output is their result (export-events). */
@Module({ imports: [loggerModule(2)], providers: [AppLogger], exports: [LoggerModule, AppLogger] })
export class StderrLoggingModule {}
