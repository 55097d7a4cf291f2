// Content negotiation for GET /v1/recruiters/{id}/digest: HTML only when the client asks for it
// at least as strongly as for JSON (a browser's Accept does; curl's */* and API clients get JSON).

interface MediaRange {
  type: string;
  quality: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [type, ...parameters] = part.split(';').map((piece) => piece.trim());
      let quality = 1;
      for (const parameter of parameters) {
        const [name, value] = parameter.split('=').map((piece) => piece.trim());
        if (name.toLowerCase() === 'q') {
          const parsed = Number(value);
          quality = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
        }
      }
      return { type: type.toLowerCase(), quality };
    });
}

/** The quality the client gives a media type: its most specific matching range, else 0. */
function qualityOf(ranges: readonly MediaRange[], type: string): number {
  const [major] = type.split('/');
  const exact = ranges.find((range) => range.type === type);
  if (exact) return exact.quality;
  const wildcard = ranges.find((range) => range.type === `${major}/*`);
  if (wildcard) return wildcard.quality;
  return ranges.find((range) => range.type === '*/*')?.quality ?? 0;
}

export function prefersHtml(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header) return false;
  const ranges = parseAccept(header);
  // Only an explicit text/html (not a bare */*) turns HTML on.
  const explicitHtml = ranges.some((range) => range.type === 'text/html' || range.type === 'text/*');
  if (!explicitHtml) return false;
  const html = qualityOf(ranges, 'text/html');
  return html > 0 && html >= qualityOf(ranges, 'application/json');
}
