// The dashboard's arithmetic, pure: time buckets, the answer rate and ETA, costs.

import { BUCKET_MS, STATS_BUCKETS, type StatsBucket } from '@verity/service-runtime';

/** The services' stats buckets (libs/service-runtime), so the parts the dashboard joins line up. */
export const DASHBOARD_BUCKETS = STATS_BUCKETS;
export type DashboardBucket = StatsBucket;
export { BUCKET_MS };
/** Buckets shown when the request gives no `from`. */
export const DEFAULT_BUCKETS: Record<DashboardBucket, number> = { minute: 120, hour: 48, day: 30 };
/** Most buckets one dashboard answer holds (each one is a point of the series). */
export const MAX_BUCKETS = 1500;

export interface DashboardRange {
  bucket: DashboardBucket;
  /** Start of the first bucket, aligned to the bucket in UTC (inclusive). */
  from: Date;
  /** End (exclusive): the request's `to`, else now. */
  to: Date;
}

/**
 * The range a dashboard shows: `to` defaults to now, `from` to a default span before it, then is
 * aligned down to the start of its bucket (UTC). Returns a fault instead when from ≥ to or the
 * range holds more than MAX_BUCKETS buckets.
 */
export function dashboardRange(
  bucket: DashboardBucket,
  from: string | undefined,
  to: string | undefined,
  now: Date,
): DashboardRange | { field: 'from'; reason: string } {
  const size = BUCKET_MS[bucket];
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_BUCKETS[bucket] * size);
  const aligned = new Date(Math.floor(start.getTime() / size) * size);
  if (aligned.getTime() >= end.getTime()) return { field: 'from', reason: 'must be before to' };
  const buckets = Math.ceil((end.getTime() - aligned.getTime()) / size);
  if (buckets > MAX_BUCKETS) return { field: 'from', reason: `the range holds ${buckets} ${bucket} buckets; at most ${MAX_BUCKETS}` };
  return { bucket, from: aligned, to: end };
}

/** The start of every bucket of the range, oldest first (ISO strings, as the services answer them). */
export function bucketStarts(r: DashboardRange): string[] {
  const size = BUCKET_MS[r.bucket];
  const out: string[] = [];
  for (let t = r.from.getTime(); t < r.to.getTime(); t += size) out.push(new Date(t).toISOString());
  return out;
}

/** Answers per second over a measured window; null when nothing was answered in it (no rate). */
export function answerRate(answers: number, seconds: number): number | null {
  if (!(seconds > 0) || !(answers > 0)) return null;
  return answers / seconds;
}

/**
 * Seconds until the remaining slots (open + leased) are answered at the recent rate: 0 when
 * nothing remains, null when something remains and there is no rate to extrapolate from.
 */
export function etaSeconds(remainingSlots: number, ratePerSecond: number | null): number | null {
  if (remainingSlots <= 0) return 0;
  if (ratePerSecond === null || !(ratePerSecond > 0)) return null;
  return Math.round(remainingSlots / ratePerSecond);
}

/** USD to the micro-dollar (what prelabel counts in), so sums print without float noise. */
export function usd(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const MS_PER_HOUR = 3_600_000;

/** What human or expert work cost: a price per unit (answer, verdict) plus a price per hour of measured time. */
export function workCost(units: number, measuredMs: number, perUnit: number, perHour: number): number {
  return usd(units * perUnit + (measuredMs / MS_PER_HOUR) * perHour);
}

/** Cost ÷ labels, null when either is unknown or there is no label. */
export function costPerLabel(cost: number | null, labels: number | null): number | null {
  if (cost === null || labels === null || labels <= 0) return null;
  return usd(cost / labels);
}

/** Hours from milliseconds (6 decimals). */
export function hours(ms: number): number {
  return Math.round((ms / MS_PER_HOUR) * 1e6) / 1e6;
}
