import type { z } from 'zod';
import { validate } from '../canonical/validation-messages';
import { fieldErrors, ProblemError } from '../infra/http/problem';

/** Parses a request part with zod, or throws a 400 problem naming every bad field. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = validate(schema, value);
  if (parsed.success) return parsed.data as z.output<T>;
  const errors = fieldErrors(parsed.issues).map((error) => ({
    ...error,
    path: error.path || '(root)',
  }));
  throw ProblemError.badRequest(
    `The ${what} is not valid: ${errors
      .map((error) => `${error.path}: ${error.message}`)
      .slice(0, 5)
      .join('; ')}.`,
    errors,
  );
}
