import { z } from 'zod';
import { jsonAnswer, type ApiRoute } from '../infra/http/openapi';

// The HTTP shapes of ScansController, which also generate /docs.

export const scanAnswer = z
  .object({
    evaluated: z.number().int().min(0).meta({ description: 'Due applications evaluated' }),
    opened: z.number().int().min(0).meta({ description: 'Flags opened' }),
    resolved: z.number().int().min(0).meta({ description: 'Flags resolved' }),
  })
  .meta({ id: 'ScanResult' });
export type ScanAnswer = z.output<typeof scanAnswer>;

export const scansRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/scans',
    tags: ['attention'],
    summary: 'Run a sweep now',
    description:
      'Evaluates every application that is due, inside the API process (PostgreSQL only), opening and resolving ' +
      'flags exactly as the scheduled sweep does. Safe to call while other sweeps run. Takes no body.',
    responses: { 200: jsonAnswer('What the sweep did', scanAnswer) },
  },
];
