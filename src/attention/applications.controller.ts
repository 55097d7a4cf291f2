import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { futureMessage } from '../infra/http/date-parameters';
import { ProblemError } from '../infra/http/problem';
import { invalidRequest, parseRequest } from '../infra/http/request-validation';
import { PipelineService } from '../pipeline/pipeline.service';
import {
  type ActionAnswer,
  actionBody,
  type ApplicationState,
  type SnoozeAnswer,
  snoozeBody,
} from './applications.api';
import { FlagsRepository } from './flags.repository';
import { RecruiterActionsService } from './recruiter-actions.service';

// The routes and their answers are described in applications.api.ts (/docs).
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly flags: FlagsRepository,
    private readonly actions: RecruiterActionsService,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<ApplicationState> {
    const application = await this.pipeline.findApplication(id);
    if (!application) throw unknownApplication(id);
    return { ...application, flags: await this.flags.openFlagsOf(id) };
  }

  @Post(':id/actions')
  @HttpCode(201)
  async recordAction(@Param('id') id: string, @Body() body: unknown): Promise<ActionAnswer> {
    const input = parseRequest(actionBody, body, 'action');
    const recorded = await this.actions.record(id, { kind: input.kind, note: input.note ?? null });
    if (!recorded) throw unknownApplication(id);
    const { action } = recorded;
    return {
      action: {
        id: action.id,
        application_id: action.applicationId,
        kind: action.kind,
        note: action.note,
        at: action.at.toISOString(),
      },
      resolved_flags: recorded.resolvedFlags,
    };
  }

  @Post(':id/snooze')
  @HttpCode(200)
  async snooze(@Param('id') id: string, @Body() body: unknown): Promise<SnoozeAnswer> {
    const input = parseRequest(snoozeBody, body, 'snooze');
    const now = new Date();
    const end = await this.actions.snoozeEnd(id, input.until);
    if (!end) throw unknownApplication(id);
    if (end.at <= now) {
      // A date's meaning depends on the recruiter's timezone: say which instant it turned out to be.
      const meaning =
        'date' in input.until ? `${input.until.date} starts at ${end.at.toISOString()} in ${end.zone}: ` : '';
      throw invalidRequest('snooze', [{ path: ['until'], message: `${meaning}${futureMessage(now)}` }]);
    }
    const snoozed = await this.actions.snooze(id, end.at, input.reason ?? null);
    if (!snoozed) throw unknownApplication(id);
    return {
      application_id: snoozed.applicationId,
      snoozed_until: snoozed.snoozedUntil.toISOString(),
      reason: snoozed.reason,
    };
  }
}

function unknownApplication(id: string): ProblemError {
  return ProblemError.notFound(`No application with id ${JSON.stringify(id)} is known.`);
}
