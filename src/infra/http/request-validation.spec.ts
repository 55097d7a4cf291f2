import { z } from 'zod';
import { ProblemError } from './problem';
import { parseRequest } from './request-validation';

function problemOf(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return error as ProblemError;
  }
  throw new Error('expected a problem');
}

describe('parseRequest', () => {
  const body = z.strictObject({
    kind: z.enum(['a', 'b']),
    note: z.string().optional(),
    nested: z.strictObject({ x: z.number() }).optional(),
  });

  it('returns the parsed value', () => {
    expect(parseRequest(body, { kind: 'a' }, 'action')).toEqual({ kind: 'a' });
  });

  it('names each unknown field with the fields the object takes', () => {
    const problem = problemOf(() =>
      parseRequest(body, { kind: 'a', notes: 'x', extra: 1, nested: { x: 1, y: 2 } }, 'action'),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([
      { path: 'nested.y', message: 'is not a field of this request (it takes x)' },
      { path: 'notes', message: 'is not a field of this request (it takes kind, note, nested)' },
      { path: 'extra', message: 'is not a field of this request (it takes kind, note, nested)' },
    ]);
    expect(problem.detail).toBe(
      'The action is not valid: nested.y: is not a field of this request (it takes x); notes: is not a field of this request (it takes kind, note, nested); extra: is not a field of this request (it takes kind, note, nested).',
    );
  });

  it("keeps zod's other messages in keepwarm's wording, and names the root", () => {
    expect(problemOf(() => parseRequest(body, { kind: 'c' }, 'action')).errors).toEqual([
      { path: 'kind', message: "Invalid enum value. Expected 'a' | 'b', received 'c'" },
    ]);
    expect(problemOf(() => parseRequest(body, undefined, 'action')).errors).toEqual([
      { path: '(root)', message: 'Required' },
    ]);
  });
});
