// Everything that reaches an email from outside (names, job titles, stage names, URLs) passes
// through here: HTML gets entities, headers get one clean line, links get an allow-listed scheme.

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEntities[character]);
}

// C0 and C1 controls, DEL, Unicode line/paragraph separators and bidi overrides: none belongs in
// a name or a subject, and CR/LF in a header would let data start a header of its own.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** One line of plain text: control characters become spaces, runs of whitespace collapse. */
export function singleLine(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value.replace(unsafeCharacters, ' ').replace(/\s+/g, ' ').trim();
}

export const maxHeaderLength = 200;

/** Text that goes into a header such as Subject: never more than one line, never overlong. */
export function headerSafe(value: string | null | undefined, maxLength = maxHeaderLength): string {
  const line = singleLine(value);
  if (line.length <= maxLength) return line;
  return `${line.slice(0, maxLength - 1).trimEnd()}…`;
}

/**
 * A display name for From/To headers. Quotes, angle brackets, commas and semicolons are dropped as
 * well, so the name cannot smuggle in an address even if someone builds "Name <address>" by hand.
 */
export function displayNameSafe(value: string | null | undefined): string {
  return headerSafe(singleLine(value).replace(/["<>,;\\]/g, ''), 100);
}

/** An http(s) URL fit for an href, or null: javascript:, data: and malformed links are refused. */
export function safeUrl(value: string | null | undefined): string | null {
  const candidate = singleLine(value);
  if (!candidate) return null;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.toString();
  } catch {
    return null;
  }
}

/** Data for an HTML body: one clean line, then escaped. */
export function htmlText(value: string | null | undefined): string {
  return escapeHtml(singleLine(value));
}
