import { Controller, HttpCode, Post } from '@nestjs/common';
import { OutboxRelayNudge } from '../notifications/outbox-relay-nudge';
import type { ScanAnswer } from './scans.api';
import { SweepService } from './sweep.service';

// The route and its answer are described in scans.api.ts (/docs).
@Controller('v1/scans')
export class ScansController {
  constructor(
    private readonly sweep: SweepService,
    private readonly relay: OutboxRelayNudge,
  ) {}

  @Post()
  @HttpCode(200)
  async scan(): Promise<ScanAnswer> {
    const { evaluated, opened, resolved } = await this.sweep.sweep();
    if (evaluated > 0) await this.relay.nudge();
    return { evaluated, opened, resolved };
  }
}
