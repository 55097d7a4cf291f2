import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { setupOpenApi } from './openapi';

@Controller('v1/things')
class ThingsController {
  @Get()
  list(): string[] {
    return [];
  }
}

describe('setupOpenApi', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    setupOpenApi(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('serves the OpenAPI document at /docs/json with the bearer scheme', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      info: { title: string };
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, { get: { security: unknown } }>;
    }>();
    expect(document.info.title).toBe('keepwarm');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/v1/things'].get.security).toEqual([{ bearer: [] }]);
  });

  it('serves the UI and its assets at /docs', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/docs/json');
    const script = await app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body.length).toBeGreaterThan(1000);
  });
});
