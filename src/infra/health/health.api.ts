import { z } from 'zod';
import { jsonAnswer, type ApiRoute } from '../http/openapi';

// The HTTP shapes of HealthController, which also generate /docs.

const componentStatus = z.union([
  z.object({ status: z.literal('up') }),
  z.object({ status: z.literal('down'), message: z.string() }),
]);
export type ComponentStatus = z.output<typeof componentStatus>;

export const readinessReport = z
  .object({
    status: z.enum(['ok', 'degraded', 'error']).meta({
      description:
        'error: PostgreSQL is unreachable (503); degraded: Redis is, and webhooks are still accepted',
    }),
    info: z.record(z.string(), componentStatus).meta({ description: 'The components that are up' }),
    error: z.record(z.string(), componentStatus).meta({ description: 'The components that are down' }),
    details: z.object({ database: componentStatus, redis: componentStatus }),
  })
  .meta({ id: 'Readiness' });
export type ReadinessReport = z.output<typeof readinessReport>;

export const healthRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/health/live',
    tags: ['operations'],
    summary: 'The process is running',
    responses: { 200: jsonAnswer('Alive', z.object({ status: z.literal('ok') })) },
  },
  {
    method: 'get',
    path: '/health/ready',
    tags: ['operations'],
    summary: 'Whether this replica can take traffic',
    responses: {
      200: jsonAnswer('Ready (Redis may be down: status degraded)', readinessReport),
      503: jsonAnswer('PostgreSQL is unreachable', readinessReport),
    },
  },
];
