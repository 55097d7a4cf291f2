import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemError } from '../infra/http/problem';
import { ApplicationsQueries, ApplicationView } from '../pipeline/applications.queries';
import { FlagsRepository, FlagView } from './flags.repository';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsQueries,
    private readonly flags: FlagsRepository,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: "An application's state as keepwarm sees it, with its open flags" })
  @ApiOkResponse({ description: 'The application; 404 problem+json when unknown' })
  async get(@Param('id') id: string): Promise<ApplicationView & { flags: FlagView[] }> {
    const application = await this.applications.findById(id);
    if (!application) throw ProblemError.notFound(`No application with id ${JSON.stringify(id)} is known.`);
    return { ...application, flags: await this.flags.openFlagsOf(id) };
  }
}
