import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OutboxRelayNudge } from '../notifications/outbox-relay-nudge';
import { scanAnswerSchema } from './openapi-schemas';
import { SweepResult, SweepService } from './sweep.service';

@ApiTags('attention')
@ApiBearerAuth()
@Controller('v1/scans')
export class ScansController {
  constructor(
    private readonly sweep: SweepService,
    private readonly relay: OutboxRelayNudge,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a sweep now',
    description:
      'Evaluates every application that is due, inside the API process (PostgreSQL only), opening and resolving ' +
      'flags exactly as the scheduled sweep does. Safe to call while other sweeps run.',
  })
  @ApiOkResponse({ description: 'What the sweep did', schema: scanAnswerSchema })
  async scan(): Promise<SweepResult> {
    const { evaluated, opened, resolved } = await this.sweep.sweep();
    if (evaluated > 0) await this.relay.nudge();
    return { evaluated, opened, resolved };
  }
}
