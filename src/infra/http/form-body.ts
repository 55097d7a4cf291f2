import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WEBHOOK_BODY_LIMIT } from './json-body';

// The API takes JSON (json-body.ts). A few routes must take HTML-form bodies because their sender
// only sends those: a mail client's one-click unsubscribe (RFC 8058) and Slack's interactivity
// requests (`payload=<json>`). Each such route is declared here; anywhere else a form body still
// answers 415. Fastify has one parser per content type, so every route shares these parsers.
// The bytes are kept as they came (request.rawBody) and not decoded: a signed body is verified
// before anything reads it.

export interface FormBodyRoute {
  method: 'POST';
  /** Matched against the request URL, query string included. */
  path: RegExp;
  bodyLimit: number;
  /** multipart/form-data as well as application/x-www-form-urlencoded. */
  multipart?: boolean;
}

const urlEncoded = /^application\/x-www-form-urlencoded(;.*)?$/i;
const multipart = /^multipart\/form-data(;.*)?$/i;

const routesOf = new WeakMap<FastifyInstance, FormBodyRoute[]>();

export function acceptFormBodies(fastify: FastifyInstance, route: FormBodyRoute): void {
  const routes = routesOf.get(fastify);
  if (routes !== undefined) {
    routes.push(route);
    return;
  }
  routesOf.set(fastify, [route]);
  for (const type of [urlEncoded, multipart]) {
    fastify.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
        const isMultipart = type === multipart;
        const match = routesOf
          .get(fastify)
          ?.find(
            (candidate) =>
              candidate.method === request.method &&
              candidate.path.test(request.url) &&
              (!isMultipart || candidate.multipart === true),
          );
        if (match === undefined) {
          done(
            fastifyError(
              415,
              'FST_ERR_CTP_INVALID_MEDIA_TYPE',
              `Unsupported Media Type: ${request.headers['content-type']}`,
            ),
          );
          return;
        }
        if (body.length > match.bodyLimit) {
          done(fastifyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'));
          return;
        }
        request.rawBody = body;
        done(null, {});
      },
    );
  }
}

/** The API's Fastify instance, or undefined in the worker, which has no HTTP server. */
export function fastifyOf(adapterHost: HttpAdapterHost): FastifyInstance | undefined {
  const fastify = adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
  return fastify && typeof fastify.addContentTypeParser === 'function' ? fastify : undefined;
}

function fastifyError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}
