import { z } from 'zod';
import { validate } from './validation-messages';

// The wording of 400 answers, quarantine rows and startup errors, kept from before zod 4.

function messagesOf(schema: z.ZodType, value: unknown): Array<{ path: string; message: string }> {
  const result = validate(schema, value);
  if (result.success) throw new Error('expected the value to be refused');
  return result.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

describe('validate', () => {
  const person = z.object({
    name: z.string().min(1).max(3),
    age: z.number().int().nonnegative(),
    kind: z.enum(['agency', 'referral']),
    tags: z.array(z.string()).max(1),
    email: z.email(),
    link: z.url(),
  });
  const valid = {
    name: 'Ada',
    age: 36,
    kind: 'agency',
    tags: [],
    email: 'ada@example.com',
    link: 'https://x.io',
  };

  it('passes a valid value through', () => {
    expect(validate(person, valid)).toEqual({ success: true, data: valid });
  });

  it.each([
    ['a missing field', { name: undefined }, 'name', 'Required'],
    ['a wrong type', { name: 7 }, 'name', 'Expected string, received number'],
    ['null', { name: null }, 'name', 'Expected string, received null'],
    ['an array for a string, once', { name: ['a'] }, 'name', 'Expected string, received array'],
    ['an empty string', { name: '' }, 'name', 'String must contain at least 1 character(s)'],
    ['a long string', { name: 'Adaline' }, 'name', 'String must contain at most 3 character(s)'],
    ['a fraction', { age: 1.5 }, 'age', 'Expected integer, received float'],
    ['a negative number', { age: -1 }, 'age', 'Number must be greater than or equal to 0'],
    [
      'an unknown option',
      { kind: 'friend' },
      'kind',
      "Invalid enum value. Expected 'agency' | 'referral', received 'friend'",
    ],
    ['a number for an option', { kind: 3 }, 'kind', "Expected 'agency' | 'referral', received number"],
    ['too many items', { tags: ['a', 'b'] }, 'tags', 'Array must contain at most 1 element(s)'],
    ['a bad email', { email: 'ada' }, 'email', 'Invalid email'],
    ['a bad url', { link: 'not a link' }, 'link', 'Invalid url'],
  ])('words %s as before', (_case, change, path, message) => {
    expect(messagesOf(person, { ...valid, ...change })).toEqual([{ path, message }]);
  });

  it('lists unknown keys of a strict object', () => {
    expect(messagesOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toEqual([
      { path: '', message: "Unrecognized key(s) in object: 'b', 'c'" },
    ]);
  });

  it("keeps a schema's own message", () => {
    expect(messagesOf(z.string().regex(/^\d+$/, 'must be digits'), 'x')).toEqual([
      { path: '', message: 'must be digits' },
    ]);
  });
});
