// SQL for an order defined elsewhere as data (policy/urgency.ts): ORDER BY and the keyset predicate
// "comes after this row", so that a list and its pages follow exactly the in-memory order.

export interface SortKey<K extends string> {
  key: K;
  direction: 'asc' | 'desc';
}

/** `a.x DESC, a.y ASC, ...` for the given column of each key. */
export function orderByClause<K extends string>(
  order: ReadonlyArray<SortKey<K>>,
  columns: Record<K, string>,
): string {
  return order.map(({ key, direction }) => `${columns[key]} ${direction.toUpperCase()}`).join(', ');
}

/**
 * True for rows strictly after the position given by `positions` (SQL parameters, one per key),
 * whatever mix of directions. Neighbouring keys sorted the same way compare as one row value, which
 * PostgreSQL can answer from a matching index: `x < $1 OR (x = $1 AND (y, z) > ($2, $3))`.
 */
export function keysetAfter<K extends string>(
  order: ReadonlyArray<SortKey<K>>,
  columns: Record<K, string>,
  positions: Record<K, string>,
): string {
  const groups: Array<Array<SortKey<K>>> = [];
  for (const sortKey of order) {
    const last = groups[groups.length - 1];
    if (last && last[0].direction === sortKey.direction) last.push(sortKey);
    else groups.push([sortKey]);
  }
  const row = (group: Array<SortKey<K>>, of: Record<K, string>) =>
    group.length === 1 ? of[group[0].key] : `(${group.map(({ key }) => of[key]).join(', ')})`;
  const after = (index: number): string => {
    const group = groups[index];
    const beyond = `${row(group, columns)} ${group[0].direction === 'asc' ? '>' : '<'} ${row(group, positions)}`;
    if (index === groups.length - 1) return beyond;
    return `${beyond} OR (${row(group, columns)} = ${row(group, positions)} AND (${after(index + 1)}))`;
  };
  return groups.length === 0 ? 'false' : `(${after(0)})`;
}
