import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import { validate } from '../canonical/validation-messages';
import { personSchema } from '../canonical/canonical-event.schema';
import { fieldErrors, ProblemError } from '../infra/http/problem';
import { PeopleService } from './people.service';

// A vendor user as adapters name it (docs/contract.md): `<vendor>:<user id>`.
const vendorUserId = z
  .string()
  .trim()
  .max(200)
  .regex(
    /^(greenhouse|lever|ashby):\S+$/,
    'must be "<vendor>:<user id>", vendor one of greenhouse, lever, ashby',
  );

const personBody = z.object({
  name: personSchema.shape.name,
  email: z.string().trim().email().max(320),
  timezone: personSchema.shape.timezone,
  country: personSchema.shape.country,
  vendor_user_ids: z.array(vendorUserId).max(100).nullish(),
});

const personIdPattern = /^\S{1,200}$/;

export interface PersonAnswer {
  id: string;
  name: string;
  email: string | null;
  timezone: string | null;
  country: string | null;
  vendor_user_ids: string[];
}

const personAnswerSchema = {
  type: 'object',
  required: ['id', 'name', 'email', 'timezone', 'country', 'vendor_user_ids'],
  properties: {
    id: { type: 'string', example: 'hm_42' },
    name: { type: 'string', example: 'Morgan Manager' },
    email: { type: 'string', format: 'email', example: 'morgan@example.com' },
    timezone: { type: 'string', nullable: true, example: 'Europe/Berlin' },
    country: { type: 'string', nullable: true, example: 'DE' },
    vendor_user_ids: { type: 'array', items: { type: 'string' }, example: ['greenhouse:92913'] },
  },
};

@ApiTags('people')
@ApiBearerAuth()
@Controller('v1/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Put(':id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add or replace a recruiter or hiring manager in the directory',
    description:
      'Vendors (Greenhouse, Lever, Ashby) name recruiters and hiring managers by user id. Listing those ids here ' +
      'makes their jobs reach this person: later payloads resolve to them, and jobs that already name one of ' +
      'the ids are repointed now (their active applications are re-evaluated). The body replaces what the ' +
      'directory knew; a vendor user id can stand for one person only (409 otherwise).',
  })
  @ApiParam({ name: 'id', description: "keepwarm's id for the person, e.g. hm_42", example: 'hm_42' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'email'],
      properties: {
        name: { type: 'string', maxLength: 300, example: 'Morgan Manager' },
        email: { type: 'string', format: 'email', example: 'morgan@example.com' },
        timezone: { type: 'string', description: 'IANA timezone', example: 'Europe/Berlin' },
        country: { type: 'string', description: 'ISO 3166 alpha-2', example: 'DE' },
        vendor_user_ids: {
          type: 'array',
          items: { type: 'string', pattern: '^(greenhouse|lever|ashby):\\S+$' },
          example: ['greenhouse:92913', 'lever:8d49b010-cc6a-4f40-ace5-e86061c677ed'],
        },
      },
    },
  })
  @ApiOkResponse({ description: 'The person as the directory now knows them', schema: personAnswerSchema })
  @ApiBadRequestResponse({ description: 'problem+json naming the bad fields (errors: [{path, message}])' })
  @ApiUnauthorizedResponse({ description: 'problem+json: bearer token missing or wrong' })
  @ApiConflictResponse({ description: 'problem+json: a vendor user id already stands for another person' })
  async put(@Param('id') id: string, @Body() body: unknown): Promise<PersonAnswer> {
    if (!personIdPattern.test(id)) {
      throw ProblemError.badRequest('The person id must be 1 to 200 characters without spaces.', [
        { path: 'id', message: 'must be 1 to 200 characters without spaces' },
      ]);
    }
    const parsed = validate(personBody, body ?? {});
    if (!parsed.success) {
      const errors = fieldErrors(parsed.issues).map((error) => ({
        ...error,
        path: error.path || '(root)',
      }));
      throw ProblemError.badRequest(
        `The person is not valid: ${errors
          .map((error) => `${error.path}: ${error.message}`)
          .slice(0, 5)
          .join('; ')}.`,
        errors,
      );
    }
    const person = await this.people.put(id, {
      name: parsed.data.name,
      email: parsed.data.email,
      timezone: parsed.data.timezone,
      country: parsed.data.country,
      vendorUserIds: parsed.data.vendor_user_ids ?? [],
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
