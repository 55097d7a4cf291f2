import { z } from 'zod';
import type { ApiRoute } from '../http/openapi';

// GET /metrics in /docs.

export const metricsRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics',
    description: 'The text exposition format; no personal data in labels.',
    responses: {
      200: {
        description: 'The metrics',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
  },
];
