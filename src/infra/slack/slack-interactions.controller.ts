import {
  Controller,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { acceptFormBodies, fastifyOf } from '../http/form-body';
import { invalidRequest } from '../http/request-validation';
import {
  readSlackInteraction,
  SLACK_INTERACTION_HANDLER,
  type SlackButtonPress,
  type SlackInteractionHandler,
} from './slack-interaction';
import { SlackRequestGuard } from './slack-request.guard';

// POST /slack/interactions, Slack's interactivity request URL: verified (SlackRequestGuard), read,
// handed to the handler, answered. Slack shows the user an error unless it has its 200 within
// 3 seconds (docs.slack.dev/tools/bolt-python/concepts/acknowledge), so a slow handler is left to
// finish on its own after `ackWithinMs`; its outcome then reaches the user through the message update.

export const ackWithinMs = 2500;

// Signed JSON inside a form: 1 MiB holds a message of 50 blocks many times over.
const interactionsPath = /^\/slack\/interactions(\?.*)?$/;
const interactionsBodyLimit = 1024 * 1024;

@Controller('slack')
export class SlackInteractionsController {
  private readonly logger = new Logger(SlackInteractionsController.name);

  constructor(@Inject(SLACK_INTERACTION_HANDLER) private readonly handler: SlackInteractionHandler) {}

  @Post('interactions')
  @HttpCode(200)
  @UseGuards(SlackRequestGuard)
  async interactions(@Req() request: FastifyRequest): Promise<string> {
    const read = readSlackInteraction(request.rawBody ?? Buffer.alloc(0));
    if (!read.ok) throw invalidRequest('Slack interaction payload', read.issues, 'malformed-payload');
    if (read.interaction.kind === 'ignored') return '';
    const handled = this.handleAll(read.interaction.presses);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ackWithinMs);
    });
    try {
      if ((await Promise.race([handled, late])) === 'late') {
        this.logger.warn(
          { presses: read.interaction.presses.length },
          'slack interaction answered before its handler finished',
        );
        handled.catch((error: unknown) =>
          this.logger.error({ err: errorSummary(error) }, 'slack interaction failed after it was answered'),
        );
      }
    } finally {
      clearTimeout(timer);
    }
    // An empty 200 acknowledges; what happened is said by replacing the message, not here.
    return '';
  }

  private async handleAll(presses: SlackButtonPress[]): Promise<'done'> {
    for (const press of presses) await this.handler.handleButtonPress(press);
    return 'done';
  }
}

/** Form bodies on the interactions route only (the API otherwise takes JSON: json-body.ts). */
@Injectable()
export class SlackInteractionsBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = fastifyOf(this.adapterHost);
    if (fastify)
      acceptFormBodies(fastify, { method: 'POST', path: interactionsPath, bodyLimit: interactionsBodyLimit });
  }
}

// The error's class only: its message may quote the press's token or response URL.
function errorSummary(error: unknown): { name: string } {
  return { name: error instanceof Error ? error.name : typeof error };
}
