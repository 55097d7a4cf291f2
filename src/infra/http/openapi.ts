import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

// GET /docs (Swagger UI) and GET /docs/json (the OpenAPI document), unauthenticated (docs/contract.md).
// @nestjs/swagger serves its UI on Fastify through @fastify/static, which keepwarm does not
// install; the few UI assets are served here from swagger-ui-dist, which @nestjs/swagger ships.

export const bearerSchemeName = 'bearer';

const uiAssets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const uiPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
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

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('keepwarm')
    .setDescription(
      "Keeps candidates warm and hiring managers honest: webhooks from the ATS, and the recruiters' REST API.",
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API_TOKEN' }, bearerSchemeName)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Every /v1 operation needs the token unless its controller says otherwise (e.g. @ApiSecurity([]) on the unsubscribe link).
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const operation of Object.values(item)) {
      if (
        typeof operation === 'object' &&
        operation !== null &&
        'responses' in operation &&
        operation.security === undefined
      ) {
        operation.security = [{ [bearerSchemeName]: [] }];
      }
    }
  }
  return document;
}

/** Call after the modules are registered and before listen(). */
export function setupOpenApi(app: NestFastifyApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'docs/json' });

  const adapter = app.getHttpAdapter();
  adapter.get('/docs', (_request: FastifyRequest, reply: FastifyReply) => {
    void reply.type('text/html; charset=utf-8').send(uiPage);
  });
  const assetsDirectory = swaggerUiDirectory();
  for (const [file, contentType] of Object.entries(uiAssets)) {
    let content: Buffer | undefined;
    adapter.get(`/docs/${file}`, (_request: FastifyRequest, reply: FastifyReply) => {
      content ??= readFileSync(join(assetsDirectory, file));
      void reply.type(contentType).header('cache-control', 'public, max-age=86400').send(content);
    });
  }
  return document;
}

function swaggerUiDirectory(): string {
  // Resolved from @nestjs/swagger's own location: the version it was built against.
  return dirname(
    require.resolve('swagger-ui-dist/package.json', { paths: [dirname(require.resolve('@nestjs/swagger'))] }),
  );
}
