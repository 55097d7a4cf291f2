import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexHmac } from '../support/signing';

// The vendors' own signing (docs/vendors.md), as each ATS does it, for the e2e tests.

export const GREENHOUSE_SECRET = 'greenhouse-test-secret';
export const LEVER_TOKENS = ['lever-token-candidate-events', 'lever-token-interview-events'];
export const ASHBY_SECRET = 'ashby-test-secret';

export const vendorEnv = {
  GREENHOUSE_SECRET,
  LEVER_SIGNATURE_TOKEN: LEVER_TOKENS.join(','),
  ASHBY_SECRET,
};

export type Vendor = 'greenhouse' | 'lever' | 'ashby';

// Fixtures are vendor JSON that tests edit field by field (ids, names): typing every vendor shape would say nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface SignedDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const fixturesRoot = join(__dirname, '..', 'fixtures', 'vendors');

export function fixtureFiles(vendor: Vendor): string[] {
  return readdirSync(join(fixturesRoot, vendor))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function fixtureText(vendor: Vendor, file: string): string {
  return readFileSync(join(fixturesRoot, vendor, file), 'utf8');
}

export function fixture<T = Json>(vendor: Vendor, file: string): T {
  return JSON.parse(fixtureText(vendor, file)) as T;
}

/** Greenhouse: `Signature: sha256 <hex>` over the body exactly as sent; Greenhouse-Event-ID names the delivery. */
export function signGreenhouse(
  rawBody: string,
  options: { eventId?: string; secret?: string } = {},
): SignedDelivery {
  return {
    url: '/webhooks/greenhouse',
    body: rawBody,
    headers: {
      'content-type': 'application/json',
      'greenhouse-event-id': options.eventId ?? `gh-${randomBytes(8).toString('hex')}`,
      signature: `sha256 ${hexHmac(options.secret ?? GREENHOUSE_SECRET, rawBody)}`,
    },
  };
}

/** Lever: a fresh 48-character `token`, `triggeredAt` in ms, `signature` = hex HMAC of token + triggeredAt. */
export function signLever(
  body: Record<string, unknown>,
  options: { key?: string; triggeredAt?: number; token?: string } = {},
): SignedDelivery {
  const token = options.token ?? randomBytes(24).toString('hex');
  const triggeredAt = options.triggeredAt ?? Date.now();
  const signature = hexHmac(options.key ?? LEVER_TOKENS[0], `${token}${triggeredAt}`);
  return {
    url: '/webhooks/lever',
    body: JSON.stringify({ ...body, token, triggeredAt, signature }),
    headers: { 'content-type': 'application/json' },
  };
}

/** Ashby: `Ashby-Signature: sha256=<hex>` over the raw body. */
export function signAshby(rawBody: string, options: { secret?: string } = {}): SignedDelivery {
  return {
    url: '/webhooks/ashby',
    body: rawBody,
    headers: {
      'content-type': 'application/json',
      'ashby-signature': `sha256=${hexHmac(options.secret ?? ASHBY_SECRET, rawBody)}`,
    },
  };
}

/** JSON the way Greenhouse writes it: `<`, `>`, `&` and every non-ASCII character as \uXXXX escapes. */
export function greenhouseJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>&\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
