import type { z } from 'zod';
import { validate, validationMessages } from '../../canonical/validation-messages';
import { ProblemError, type ProblemFieldError } from './problem';

// REST requests are strict: a field or parameter an endpoint does not take is a 400 naming it, so a
// misspelt "notes" is refused instead of silently dropped. Webhook bodies stay lenient (the ATS's
// extra fields are ignored) and never come through here.

const requestMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'unrecognized_keys') {
    const shape = (issue.inst as z.core.$ZodObject | undefined)?._zod.def.shape;
    const known = shape ? Object.keys(shape) : [];
    return known.length > 0
      ? `is not a field of this request (it takes ${known.join(', ')})`
      : 'is not a field of this request (it takes none)';
  }
  return validationMessages(issue);
};

/** Parses a request part with its zod schema, or throws a 400 problem naming every bad field. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = validate(schema, value, requestMessages);
  if (parsed.success) return parsed.data;
  throw invalidRequest(
    what,
    parsed.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: [...issue.path, key], message: issue.message }))
        : [issue],
    ),
  );
}

/** The 400 for bad fields: "The <what> is not valid: path: message; ...". */
export function invalidRequest(
  what: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  code?: string,
): ProblemError {
  const errors: ProblemFieldError[] = issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  return ProblemError.badRequest(
    `The ${what} is not valid: ${errors
      .map((error) => `${error.path}: ${error.message}`)
      .slice(0, 5)
      .join('; ')}.`,
    errors,
    code,
  );
}
