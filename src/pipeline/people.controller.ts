import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { parseRequest } from '../infra/http/request-validation';
import { personBody, personIdParams, type PersonAnswer } from './people.api';
import { PeopleService } from './people.service';

// The route and its answers are described in people.api.ts (/docs).
@Controller('v1/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Put(':id')
  @HttpCode(200)
  async put(@Param('id') id: string, @Body() body: unknown): Promise<PersonAnswer> {
    parseRequest(personIdParams, { id }, 'person id');
    const input = parseRequest(personBody, body ?? {}, 'person');
    const person = await this.people.put(id, {
      name: input.name,
      email: input.email,
      timezone: input.timezone,
      country: input.country,
      vendorUserIds: input.vendor_user_ids ?? [],
    });
    return {
      id: person.id,
      name: person.name,
      email: person.email,
      timezone: person.timezone,
      country: person.country,
      vendor_user_ids: person.vendorUserIds,
    };
  }
}
