import { z } from 'zod';
import { personSchema } from '../canonical/canonical-event.schema';
import { jsonAnswer, problemAnswer, type ApiRoute } from '../infra/http/openapi';

// The HTTP shapes of PeopleController: the zod schemas it validates requests with and the answers
// it gives, which also generate /docs.

// A vendor user as adapters name it (docs/contract.md): `<vendor>:<user id>`.
const vendorUserId = z
  .string()
  .trim()
  .max(200)
  .regex(
    /^(greenhouse|lever|ashby):\S+$/,
    'must be "<vendor>:<user id>", vendor one of greenhouse, lever, ashby',
  );

export const personIdParams = z.object({
  id: z
    .string()
    .regex(/^\S{1,200}$/, 'must be 1 to 200 characters without spaces')
    .meta({ description: "keepwarm's id for the person", example: 'hm_42' }),
});

export const personBody = z
  .strictObject({
    name: personSchema.shape.name.meta({ example: 'Morgan Manager' }),
    email: z.string().trim().pipe(z.email().max(320)).meta({ example: 'morgan@example.com' }),
    timezone: personSchema.shape.timezone.meta({ description: 'IANA timezone', example: 'Europe/Berlin' }),
    country: personSchema.shape.country.meta({ description: 'ISO 3166 alpha-2', example: 'DE' }),
    vendor_user_ids: z
      .array(vendorUserId)
      .max(100)
      .nullish()
      .meta({ example: ['greenhouse:92913', 'lever:8d49b010-cc6a-4f40-ace5-e86061c677ed'] }),
  })
  .meta({ id: 'PersonRequest' });

export const personAnswer = z
  .object({
    id: z.string().meta({ example: 'hm_42' }),
    name: z.string().meta({ example: 'Morgan Manager' }),
    email: z.string().nullable().meta({ example: 'morgan@example.com' }),
    timezone: z.string().nullable().meta({ example: 'Europe/Berlin' }),
    country: z.string().nullable().meta({ example: 'DE' }),
    vendor_user_ids: z.array(z.string()).meta({ example: ['greenhouse:92913'] }),
  })
  .meta({ id: 'DirectoryPerson' });
export type PersonAnswer = z.output<typeof personAnswer>;

export const peopleRoutes: ApiRoute[] = [
  {
    method: 'put',
    path: '/v1/people/{id}',
    tags: ['people'],
    summary: 'Add or replace a recruiter or hiring manager in the directory',
    description:
      'Vendors (Greenhouse, Lever, Ashby) name recruiters and hiring managers by user id. Listing those ids here ' +
      'makes their jobs reach this person: later payloads resolve to them, and jobs that already name one of ' +
      'the ids are repointed now (their active applications are re-evaluated). The body replaces what the ' +
      'directory knew; a vendor user id can stand for one person only (409 otherwise).',
    request: {
      params: personIdParams,
      body: { required: true, content: { 'application/json': { schema: personBody } } },
    },
    responses: {
      200: jsonAnswer('The person as the directory now knows them', personAnswer),
      400: problemAnswer('problem+json naming the bad fields (errors: [{path, message}])'),
      409: problemAnswer('A vendor user id already stands for another person'),
    },
  },
];
