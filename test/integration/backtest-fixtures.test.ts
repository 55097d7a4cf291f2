import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { copiedHistory, demoHistory, goldenCopies } from '../../bench/lib/backtest-histories';
import { copyHistory, copyPrefix } from '../../bench/lib/copy-history';
import { handBuiltFileOrder, toNdjson } from '../support/backtest-history';

// The histories under test/fixtures/backtest are what bench/lib/backtest-histories.ts writes (their
// README says so), and the copies in the copied history share no identity.

const fixtures = join(__dirname, '../fixtures/backtest');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const lines = (text: string) => text.trimEnd().split('\n');

describe('backtest fixture histories', () => {
  it('are the generator output anchored at the fixed date, the hand-built history and their copies', () => {
    expect(read('demo.ndjson')).toBe(toNdjson(demoHistory()));
    expect(read('hand-built.ndjson')).toBe(toNdjson(handBuiltFileOrder));
    const copied = gunzipSync(readFileSync(join(fixtures, `demo-x${goldenCopies}.ndjson.gz`))).toString();
    expect(copied).toBe(toNdjson(copiedHistory()));
    expect(lines(copied)).toHaveLength(lines(read('demo.ndjson')).length * goldenCopies);
  });

  it('copies a history into teams that share no id or address, each the original under its prefix', () => {
    const original = demoHistory();
    const copies = 3;
    const copied = copyHistory(original, copies);
    expect(copied).toHaveLength(original.length * copies);
    const identities = (text: string) =>
      [
        ...text.matchAll(/"(?:id|application_id|interview_id|candidate_id|email|agency_email)":"([^"]+)"/g),
      ].map((match) => match[1]);
    for (let copy = 1; copy <= copies; copy += 1) {
      const prefix = copyPrefix(copy, copies);
      const team = copied.filter((_, index) => index % copies === copy - 1);
      const text = JSON.stringify(team);
      expect(identities(text).every((value) => value.startsWith(prefix))).toBe(true);
      expect(JSON.parse(text.split(`"${prefix}`).join('"'))).toEqual(original);
    }
    // Sorted by occurred_at in, sorted out.
    expect(
      copied.every((event, index) => index === 0 || copied[index - 1].occurred_at <= event.occurred_at),
    ).toBe(true);
  });

  it('numbers the copies as wide as the largest', () => {
    expect(copyPrefix(3, 5)).toBe('t03_');
    expect(copyPrefix(7, 120)).toBe('t007_');
    expect(() => copyHistory([], 0)).toThrow('copies must be a positive integer');
  });
});
