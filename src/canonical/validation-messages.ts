import { z } from 'zod';

// zod 4 words its default messages differently from zod 3. Quarantine rows, 400 answers and startup
// errors keep the wording keepwarm has always given ("Required", "Expected string, received number",
// "Invalid enum value. Expected 'a' | 'b', received 'c'"). A message a schema sets itself still wins.

type SizeIssue = z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall> | z.core.$ZodRawIssue<z.core.$ZodIssueTooBig>;

export const validationMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, issue.input);
    case 'invalid_value':
      return valueMessage(issue.values, issue.input);
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    case 'invalid_format':
      return issue.format === 'regex' ? 'Invalid' : `Invalid ${issue.format}`;
    case 'unrecognized_keys':
      return `Unrecognized key(s) in object: ${quoted(issue.keys, ', ')}`;
    case 'invalid_key':
      // The key's own issue says what is wrong with it.
      return issue.issues[0]?.message ?? 'Invalid input';
    case 'not_multiple_of':
      return `Number must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'Invalid input';
  }
};

export type Validated<T> = { success: true; data: T } | { success: false; issues: z.core.$ZodIssue[] };

/** safeParse with keepwarm's messages: one issue per wrong value. */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  messages: z.core.$ZodErrorMap = validationMessages,
): Validated<z.output<T>> {
  const parsed = schema.safeParse(value, { error: messages });
  if (parsed.success) return { success: true, data: parsed.data };
  // zod 4 still runs a string's length checks on an array it has refused as a string; a value of
  // the wrong type is reported once, as zod 3 did.
  const wrongType = new Set(
    parsed.error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => pathKey(issue.path)),
  );
  return {
    success: false,
    issues: parsed.error.issues.filter(
      (issue) => issue.code === 'invalid_type' || !wrongType.has(pathKey(issue.path)),
    ),
  };
}

function pathKey(path: ReadonlyArray<PropertyKey>): string {
  return JSON.stringify(path.map(String));
}

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined) return 'Required';
  if (typeof input === 'number' && !Number.isFinite(input)) return 'Number must be finite';
  if (expected === 'int')
    return `Expected integer, received ${typeof input === 'number' ? 'float' : typeName(input)}`;
  return `Expected ${expected === 'record' ? 'object' : expected}, received ${typeName(input)}`;
}

function valueMessage(values: ReadonlyArray<unknown>, input: unknown): string {
  if (input === undefined) return 'Required';
  if (values.length === 1) return `Invalid literal value, expected ${JSON.stringify(values[0])}`;
  if (typeof input !== 'string') return `Expected ${quoted(values)}, received ${typeName(input)}`;
  return `Invalid enum value. Expected ${quoted(values)}, received '${input}'`;
}

function sizeMessage(issue: SizeIssue): string {
  const small = issue.code === 'too_small';
  const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive === true;
  const bound = issue.exact ? 'exactly' : inclusive ? (small ? 'at least' : 'at most') : undefined;
  switch (issue.origin) {
    case 'string':
      return `String must contain ${bound ?? (small ? 'over' : 'under')} ${limit} character(s)`;
    case 'array':
      return `Array must contain ${bound ?? (small ? 'more than' : 'less than')} ${limit} element(s)`;
    case 'number':
    case 'int':
    case 'bigint':
      if (issue.exact) return `Number must be exactly equal to ${limit}`;
      return `Number must be ${small ? 'greater' : 'less'} than ${inclusive ? 'or equal to ' : ''}${limit}`;
    default:
      return 'Invalid input';
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  if (value instanceof Date) return 'date';
  return typeof value;
}

function quoted(values: ReadonlyArray<unknown>, separator = ' | '): string {
  return values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(separator);
}
