// Pure redaction of a candidate's personal data inside stored payloads (event log, quarantine).

export const ERASED = '[erased]';

/** Every string equal to or containing one of `secrets` is replaced; candidate-shaped objects lose name, email and agency contact. */
export function redactValues<T>(value: T, secrets: readonly string[]): T {
  const needles = secrets
    .filter((secret) => secret && secret.length >= 3)
    .map((secret) => secret.toLowerCase());
  return walk(value, needles) as T;
}

function walk(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return needles.some((needle) => lower.includes(needle)) ? ERASED : value;
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, needles));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, needles);
    return out;
  }
  return value;
}

/** A candidate snapshot with its personal data removed: what is stored for an erased candidate. */
export function redactCandidateSnapshot<T extends { name?: unknown; email?: unknown; source?: unknown }>(
  candidate: T,
): T {
  const source =
    candidate.source && typeof candidate.source === 'object'
      ? { ...(candidate.source as object), agency_name: null, agency_email: null }
      : candidate.source;
  return { ...candidate, name: ERASED, email: null, source };
}

/** Replaces the secrets inside a raw text body (quarantine keeps bodies that may not be JSON). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    // Case-insensitive, as the search that found the body (ILIKE): "Jane.Doe@" is the same address.
    out = out.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED);
    // JSON bodies may carry the same text with unicode escapes (Greenhouse escapes <, >, & and non-ASCII).
    const escaped = JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[\u007f-\uffff<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (escaped !== secret) out = out.split(escaped).join(ERASED);
  }
  return out;
}

/**
 * The names and addresses a stored canonical event carries for its candidate (application snapshots,
 * candidate.updated): earlier values are the candidate's personal data too, and may sit in quarantine.
 */
export function candidatePersonalData(event: unknown): string[] {
  const data = (event as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object') return [];
  const application = data.application as { candidate?: unknown } | undefined;
  const candidate = (application?.candidate ?? data.candidate) as Record<string, unknown> | undefined;
  if (!candidate || typeof candidate !== 'object') return [];
  const source = (candidate.source ?? {}) as Record<string, unknown>;
  return [candidate.name, candidate.email, source.agency_name, source.agency_email].filter(
    (value): value is string => typeof value === 'string' && value.length >= 3 && value !== ERASED,
  );
}
