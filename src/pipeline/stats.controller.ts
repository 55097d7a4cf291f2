import { Controller, Get } from '@nestjs/common';
import { z } from 'zod';
import { UnknownStageNames } from './unknown-stage-names.service';

// GET /v1/stats: what operators should look at that no single request shows. For now, the stage
// names that matched no mapping (counted as interviews), read from PostgreSQL, so every replica
// answers the same, restarts included.

export const statsAnswerSchema = z.object({
  unknown_stage_names: z.array(
    z.object({
      name: z.string(),
      /** Active applications in a stage of that name now. */
      applications: z.number().int(),
      first_seen_at: z.string(),
      last_seen_at: z.string(),
    }),
  ),
});

export type StatsAnswer = z.infer<typeof statsAnswerSchema>;

@Controller('v1/stats')
export class StatsController {
  constructor(private readonly unknownStageNames: UnknownStageNames) {}

  @Get()
  async stats(): Promise<StatsAnswer> {
    const names = await this.unknownStageNames.list();
    return statsAnswerSchema.parse({
      unknown_stage_names: names.map((row) => ({
        name: row.name,
        applications: row.applications,
        first_seen_at: row.firstSeenAt.toISOString(),
        last_seen_at: row.lastSeenAt.toISOString(),
      })),
    });
  }
}
