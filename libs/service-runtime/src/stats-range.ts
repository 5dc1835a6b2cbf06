import { z } from '@verity/config';
import { badRequest, validate } from './validate';

// The time range of a service's stats request: the same rules in every service that feeds the
// gateway's dashboards, so their buckets line up.

export const STATS_BUCKETS = ['minute', 'hour', 'day'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];

export const BUCKET_MS: Record<StatsBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** Buckets shown when the request gives no `from`. */
const DEFAULT_BUCKETS: Record<StatsBucket, number> = { minute: 120, hour: 48, day: 30 };
/** Most buckets one request may span. */
export const MAX_BUCKETS = 10_000;

export const statsQuerySchema = z.object({
  bucket: z.enum(STATS_BUCKETS).default('hour'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export interface StatsRange {
  bucket: StatsBucket;
  /** Start of the first bucket (aligned to the bucket in UTC), inclusive. */
  from: Date;
  /** End, exclusive. */
  to: Date;
}

/** The head every per-project stats answer starts with: whose, when read, and the range. */
export function statsHead(projectId: string, range: StatsRange, now = new Date()) {
  return { projectId, generatedAt: now.toISOString(), bucket: range.bucket, from: range.from.toISOString(), to: range.to.toISOString() };
}

/**
 * The validated range: `to` defaults to now, `from` to a default span before it; `from` is aligned
 * down to its bucket. `extra` adds a service's own query fields, validated with the rest.
 */
export function statsRange<X extends z.ZodRawShape = Record<never, never>>(
  query: unknown,
  now = new Date(),
  extra?: X,
): StatsRange & z.output<z.ZodObject<X>> {
  const q = validate(statsQuerySchema.extend(extra ?? {}), query ?? {}, 'query') as z.output<typeof statsQuerySchema> & Record<string, unknown>;
  const size = BUCKET_MS[q.bucket];
  const to = q.to ? new Date(q.to) : now;
  const rawFrom = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_BUCKETS[q.bucket] * size);
  const from = new Date(Math.floor(rawFrom.getTime() / size) * size);
  const fault = (field: string, reason: string) => badRequest([{ field, reason }], 'query');
  if (from.getTime() >= to.getTime()) throw fault('from', 'must be before to');
  if ((to.getTime() - from.getTime()) / size > MAX_BUCKETS) throw fault('from', `the range spans more than ${MAX_BUCKETS} ${q.bucket} buckets`);
  const own = Object.fromEntries(Object.keys(extra ?? {}).map((k) => [k, q[k]]));
  return { ...own, bucket: q.bucket, from, to } as StatsRange & z.output<z.ZodObject<X>>;
}
