/** Numbers as the dashboard shows them; units and separators come from Intl for the locale. */

const DASH = '—';

function unit(locale: string, value: number, u: 'second' | 'minute' | 'hour' | 'day' | 'millisecond'): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: u === 'second' ? 1 : 0 }).format(value);
}

/** A duration in seconds, to the two largest units: "< 1 min", "25 min", "3 hr 20 min", "2 days 4 hr". */
export function formatDuration(seconds: number | null | undefined, locale: string): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return DASH;
  if (seconds < 60) return `< ${unit(locale, 1, 'minute')}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit(locale, minutes, 'minute');
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${unit(locale, h, 'hour')} ${unit(locale, m, 'minute')}` : unit(locale, h, 'hour');
  }
  const hours = Math.round(minutes / 60);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${unit(locale, d, 'day')} ${unit(locale, h, 'hour')}` : unit(locale, d, 'day');
}

/** A duration in milliseconds: "850 ms", "12.3 s", then as formatDuration. */
export function formatMs(ms: number | null | undefined, locale: string): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1000) return unit(locale, Math.round(ms), 'millisecond');
  if (ms < 60_000) return unit(locale, Math.round(ms / 100) / 10, 'second');
  return formatDuration(ms / 1000, locale);
}

/** When the ETA lands, from `now`: the time of day today, else the date and time. */
export function formatEtaAt(etaSeconds: number | null | undefined, now: Date, locale: string): string | null {
  if (etaSeconds == null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return null;
  const at = new Date(now.getTime() + etaSeconds * 1000);
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay
    ? at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatCount(n: number | null | undefined, locale: string): string {
  return n == null || !Number.isFinite(n) ? DASH : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatShare(x: number | null | undefined, locale: string): string {
  return x == null || !Number.isFinite(x) ? DASH : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

/** A statistic such as alpha or ECE: three decimals. */
export function formatStat(x: number | null | undefined, locale: string): string {
  return x == null || !Number.isFinite(x) ? DASH : new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x);
}

/** A signed change of a share, in percentage points with one decimal: "+1.2 pts" is left to the caller's words. */
export function formatSignedShare(x: number | null | undefined, locale: string): string {
  return x == null || !Number.isFinite(x)
    ? DASH
    : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(x);
}

/** A rate with its interval: "92.0 % (85.1 %–96.3 %)"; the interval is left out when unknown. */
export function formatInterval(value: number | null | undefined, low: number | null | undefined, high: number | null | undefined, locale: string): string {
  if (value == null) return DASH;
  const v = formatShare(value, locale);
  return low == null || high == null ? v : `${v} (${formatShare(low, locale)}–${formatShare(high, locale)})`;
}

/** Money in the given ISO currency; an unknown code is shown after the number. */
export function formatMoney(amount: number | null | undefined, currency: string, locale: string, perUnit = false): string {
  if (amount == null || !Number.isFinite(amount)) return DASH;
  const digits = perUnit ? { minimumFractionDigits: 2, maximumFractionDigits: 4 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, ...digits }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale, digits).format(amount)} ${currency}`;
  }
}

/** A bucket's start as a short label: the time for minute and hour buckets, the date for days. */
export function formatBucket(at: string, bucket: 'minute' | 'hour' | 'day', locale: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  if (bucket === 'day') return d.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
  return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

export function formatDateTime(at: string | null | undefined, locale: string): string {
  if (!at) return DASH;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString(locale);
}
