import {
  OpenApiGeneratorV31,
  OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { problemSchema } from './problem';

// GET /docs (Swagger UI) and GET /docs/json: the OpenAPI document, generated from the same zod
// schemas the controllers validate with. Each controller's routes are described beside it in
// `<name>.api.ts`; app/api-routes.ts lists them all. Served unauthenticated (docs/contract.md).
// The UI is swagger-ui-dist's own files: the Fastify plugins that serve it need @fastify/static,
// whose dependencies are ESM-only and need a newer Node than package.json's engines.

/** One documented endpoint: method, path ({id} style), request schemas and every answer. */
export type ApiRoute = RouteConfig;
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export const bearerSchemeName = 'bearer';

const retryAfterHeader = z.object({
  'Retry-After': z.string().meta({ description: 'Seconds to wait before retrying', example: '5' }),
});

/** A JSON answer. */
export function jsonAnswer(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** A problem+json answer; `retry` adds the Retry-After header (429, 503). */
export function problemAnswer(description: string, options: { retry?: boolean } = {}): ResponseConfig {
  return {
    description,
    ...(options.retry ? { headers: retryAfterHeader } : {}),
    content: { 'application/problem+json': { schema: problemSchema } },
  };
}

/** The answers a route gets without saying so: JSON bodies (413, 415) and /v1's token and rate limit (401, 429). */
function withSharedAnswers(route: ApiRoute): ApiRoute {
  const responses = { ...route.responses };
  const add = (status: number, answer: ResponseConfig): void => {
    responses[status] ??= answer;
  };
  if (route.request?.body?.content['application/json']) {
    add(413, problemAnswer('The body is larger than 1 MiB'));
    add(415, problemAnswer('The body is not JSON (Content-Type application/json)'));
  }
  const isApi = route.path.startsWith('/v1/');
  const isPublic = Array.isArray(route.security) && route.security.length === 0;
  if (isApi && !isPublic) {
    add(401, problemAnswer('The bearer token is missing or wrong'));
    add(429, problemAnswer('Over API_RATE_LIMIT requests per minute for this token', { retry: true }));
  }
  return {
    operationId: operationIdOf(route),
    ...route,
    // Outside /v1 nothing asks for the token: webhooks carry their sender's signature instead.
    security: route.security ?? (isApi ? [{ [bearerSchemeName]: [] }] : []),
    responses,
  };
}

/** "post /v1/applications/{id}/snooze" -> "postV1ApplicationsIdSnooze": stable names for generated clients. */
function operationIdOf(route: ApiRoute): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [route.method, ...words.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].join('');
}

export function buildOpenApiDocument(routes: readonly ApiRoute[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', bearerSchemeName, {
    type: 'http',
    scheme: 'bearer',
    description: "API_TOKEN, or a recruiter's personal token",
  });
  for (const route of routes) registry.registerPath(withSharedAnswers(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    servers: [{ url: '/' }],
    info: {
      title: 'keepwarm',
      version: '1',
      description:
        "Keeps candidates warm and hiring managers honest: webhooks from the ATS, and the recruiters' REST API. " +
        'Every error is application/problem+json (RFC 9457). /v1 requests are strict: a body field or query ' +
        'parameter an endpoint does not take answers 400 naming it. Webhook bodies are lenient: unknown fields ' +
        'are ignored.',
    },
  });
}

const uiAssets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const uiPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>keepwarm API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '/docs/json', dom_id: '#swagger-ui', persistAuthorization: true });</script>
</body>
</html>
`;

/** Serves the document at /docs/json and Swagger UI at /docs. */
export function serveOpenApi(fastify: FastifyInstance, document: OpenApiDocument): void {
  const json = JSON.stringify(document);
  fastify.get('/docs/json', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(json);
  });
  fastify.get('/docs', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(uiPage);
  });
  const assets = dirname(require.resolve('swagger-ui-dist/package.json'));
  for (const [file, contentType] of Object.entries(uiAssets)) {
    let content: Buffer | undefined;
    fastify.get(`/docs/${file}`, (_request, reply) => {
      content ??= readFileSync(join(assets, file));
      void reply.type(contentType).header('cache-control', 'public, max-age=86400').send(content);
    });
  }
}
