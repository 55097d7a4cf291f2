import { keysetAfter, orderByClause } from './ordering';

const order = [
  { key: 'rank', direction: 'desc' },
  { key: 'since', direction: 'asc' },
  { key: 'id', direction: 'asc' },
] as const;
const columns = { rank: 'f.rank', since: 'f.since', id: 'f.id' };
const positions = { rank: '$1', since: '$2', id: '$3' };

describe('SQL for an order given as data', () => {
  it('writes ORDER BY in the order and directions given', () => {
    expect(orderByClause(order, columns)).toBe('f.rank DESC, f.since ASC, f.id ASC');
  });

  it('compares neighbouring keys of the same direction as one row value', () => {
    expect(keysetAfter(order, columns, positions)).toBe(
      '(f.rank < $1 OR (f.rank = $1 AND ((f.since, f.id) > ($2, $3))))',
    );
  });

  it('nests a comparison per change of direction', () => {
    const mixed = [
      { key: 'rank', direction: 'asc' },
      { key: 'since', direction: 'desc' },
      { key: 'id', direction: 'asc' },
    ] as const;
    expect(keysetAfter(mixed, columns, positions)).toBe(
      '(f.rank > $1 OR (f.rank = $1 AND (f.since < $2 OR (f.since = $2 AND (f.id > $3)))))',
    );
  });
});
