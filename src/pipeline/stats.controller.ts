import { Controller, Get } from '@nestjs/common';
import { statsAnswer, type StatsAnswer } from './stats.api';
import { UnknownStageNames } from './unknown-stage-names.service';

// GET /v1/stats: what operators should look at that no single request shows. For now, the stage
// names that matched no mapping (counted as interviews), read from PostgreSQL, so every replica
// answers the same, restarts included. The route and its answer are described in stats.api.ts.

@Controller('v1/stats')
export class StatsController {
  constructor(private readonly unknownStageNames: UnknownStageNames) {}

  @Get()
  async stats(): Promise<StatsAnswer> {
    const names = await this.unknownStageNames.list();
    return statsAnswer.parse({
      unknown_stage_names: names.map((row) => ({
        name: row.name,
        applications: row.applications,
        first_seen_at: row.firstSeenAt.toISOString(),
        last_seen_at: row.lastSeenAt.toISOString(),
      })),
    });
  }
}
