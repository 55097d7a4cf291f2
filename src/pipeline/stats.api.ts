import { z } from 'zod';
import { jsonAnswer, type ApiRoute } from '../infra/http/openapi';

// The HTTP shapes of StatsController, which also generate /docs.

const dateTime = z.string().meta({ format: 'date-time' });

export const statsAnswer = z
  .object({
    unknown_stage_names: z
      .array(
        z.object({
          name: z.string().meta({ example: 'Assessment' }),
          applications: z
            .number()
            .int()
            .min(0)
            .meta({ description: 'Active applications in a stage of that name now' }),
          first_seen_at: dateTime,
          last_seen_at: dateTime.meta({ description: 'Repeat sightings are written at most once a minute' }),
        }),
      )
      .meta({
        description:
          'Stage names that matched no mapping and came without a kind, so they count as interviews; ' +
          "a name mapped in the policy's stage_kinds is no longer listed",
      }),
  })
  .meta({ id: 'Stats' });
export type StatsAnswer = z.output<typeof statsAnswer>;

export const statsRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/stats',
    tags: ['operations'],
    summary: 'What operators should look at',
    description:
      'The stage names that matched no mapping (counted as interviews), read from PostgreSQL: every replica ' +
      'answers the same, and a restart forgets nothing.',
    responses: { 200: jsonAnswer('Counts for operators', statsAnswer) },
  },
];
