import { z } from 'zod';

// Paged lists (GET /v1/attention, GET /v1/notifications): a `limit` parameter and an opaque
// `next_cursor`, the keyset of the last item.

/** `limit`: an integer from 1 to `max`; `fallback` when absent. */
export function pageLimit(fallback: number, max: number) {
  const message = `must be an integer between 1 and ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(1, message).max(max, message))
    .optional()
    .transform((value) => value ?? fallback)
    .meta({ type: 'integer', minimum: 1, maximum: max, default: fallback });
}

/** One page of `item`s, named `id` in /docs. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as cursor for the next page; null on the last page' }),
    })
    .meta({ id });
}
