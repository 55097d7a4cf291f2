// Personal data (names, emails) and secrets never reach the logs (docs/architecture.md, "Reliability rules").

export const redactedValue = '[redacted]';

const sensitiveKeys = new Set(
  [
    'email',
    'name',
    'recipient',
    'to',
    'cc',
    'bcc',
    'reply_to',
    'replyTo',
    'from',
    'phone',
    'candidate_name',
    'candidateName',
    'agency_name',
    'agencyName',
    'first_name',
    'firstName',
    'last_name',
    'lastName',
    'full_name',
    'fullName',
    'display_name',
    'displayName',
    'authorization',
    'cookie',
    'set-cookie',
    'signature',
    'webhook-signature',
    'ashby-signature',
    'token',
    'password',
    'secret',
  ].map((key) => key.toLowerCase()),
);

// Free text can carry addresses too ("sent to jane@example.com").
const emailInText = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[A-Za-z]{2,}/g;

/** Whether a key's value is personal data or a secret: exact names above, and anything ending in "email". */
export function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return sensitiveKeys.has(lower) || lower.endsWith('email') || lower.endsWith('_emails');
}

/** A deep copy with sensitive values replaced and email addresses masked in strings; Errors, Dates and Buffers pass as they are. */
export function redactPersonalData<T>(value: T): T {
  return redact(value, 0, new WeakSet()) as T;
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string')
    return value.includes('@') ? value.replace(emailInText, redactedValue) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 10 || seen.has(value)) return '[truncated]';
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => redact(item, depth + 1, seen));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  seen.add(value);
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] =
      isSensitiveKey(key) && inner !== null && inner !== undefined
        ? redactedValue
        : redact(inner, depth + 1, seen);
  }
  return copy;
}
