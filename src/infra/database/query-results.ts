/** TypeORM's postgres driver answers UPDATE and DELETE (with RETURNING) with [rows, affected count]; anything else with rows. */
export function updatedRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
