import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { buildOpenApiDocument, jsonAnswer, serveOpenApi, type ApiRoute } from './openapi';

const thing = z.object({ id: z.string() }).meta({ id: 'Thing' });
const routes: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/things',
    request: { body: { content: { 'application/json': { schema: z.strictObject({ name: z.string() }) } } } },
    responses: { 201: jsonAnswer('Made', thing) },
  },
  { method: 'get', path: '/v1/links/{token}', security: [], responses: { 200: jsonAnswer('Seen', thing) } },
  { method: 'get', path: '/health/live', responses: { 200: jsonAnswer('Alive', thing) } },
];

type Operation = { security?: unknown; responses: Record<string, { content?: Record<string, unknown> }> };

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(routes);
  const operation = (path: string, method: string) =>
    (document.paths?.[path] as Record<string, Operation>)[method];

  it('is OpenAPI 3.1 with the bearer scheme and the schemas as components', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components?.schemas?.Thing).toMatchObject({ type: 'object', required: ['id'] });
    expect(document.components?.schemas?.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'detail'],
    });
  });

  it('gives /v1 routes the token and its answers, and JSON bodies theirs, as problem+json', () => {
    const post = operation('/v1/things', 'post');
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(post.responses).sort()).toEqual(['201', '401', '413', '415', '429']);
    expect(post.responses['429'].content).toHaveProperty(['application/problem+json']);
    expect(post.responses['429']).toHaveProperty(['headers', 'Retry-After']);
  });

  it('names each operation after its method and path', () => {
    expect((operation('/v1/links/{token}', 'get') as { operationId?: string }).operationId).toBe(
      'getV1LinksToken',
    );
  });

  it('leaves public links and routes outside /v1 without the token', () => {
    expect(operation('/v1/links/{token}', 'get').security).toEqual([]);
    expect(Object.keys(operation('/v1/links/{token}', 'get').responses)).toEqual(['200']);
    expect(operation('/health/live', 'get').security).toEqual([]);
  });

  it('documents a strict body as refusing other fields', () => {
    const body = (
      operation('/v1/things', 'post') as unknown as {
        requestBody: { content: { 'application/json': { schema: unknown } } };
      }
    ).requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ additionalProperties: false });
  });
});

describe('serveOpenApi', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({}).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    serveOpenApi(app.getHttpAdapter().getInstance(), buildOpenApiDocument(routes));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('serves the document at /docs/json', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(buildOpenApiDocument(routes));
  });

  it('serves Swagger UI and its assets at /docs', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain("url: '/docs/json'");
    const script = await app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body.length).toBeGreaterThan(1000);
  });
});
