import type { ReactNode } from 'react';
import { ApiError } from '../../api/http';
import { useI18n, type Translate } from '../../i18n/i18n';
import { formatCount, formatDateTime } from './format';
import type { Series } from './shape';

/** The message of a failed call, as text (403 says so). */
export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    const detail = err.errors.length ? ` (${err.errors.map((f) => `${f.field}: ${f.reason}`).join('; ')})` : '';
    if (err.status === 403) return t('error.forbidden', { message: err.message });
    if (err.status === 0) return t('dash.networkError', { message: err.message });
    return t('dash.httpError', { status: err.status, message: err.message + detail });
  }
  return t('dash.httpError', { status: '?', message: err instanceof Error ? err.message : String(err) });
}

/** Loading, failure (the part's own; the rest of the page renders) or a stale-data note for one part. */
export function PartState({ loading, error, hasData, updatedAt }: { loading: boolean; error: unknown; hasData: boolean; updatedAt?: Date | null }) {
  const { t, locale } = useI18n();
  if (error !== undefined) {
    return (
      <p role="alert" className="error">
        {hasData && updatedAt
          ? t('dash.stale', { time: updatedAt.toLocaleTimeString(locale), message: errorText(error, t) })
          : t('dash.partFailed', { message: errorText(error, t) })}
      </p>
    );
  }
  if (loading && !hasData) return <p className="muted">{t('common.loading')}</p>;
  return null;
}

/** "Updated at 12:00:10": plain text, not a live region (it changes every few seconds). */
export function UpdatedAt({ at }: { at: Date | null }) {
  const { t, locale } = useI18n();
  return at ? <p className="updated muted">{t('dash.updatedAt', { time: at.toLocaleTimeString(locale) })}</p> : null;
}

/** The numbers behind a chart, in a disclosure (keyboard: Enter/Space on its summary). */
export function Numbers({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="numbers">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The body of a per-bucket numbers table: one row a bucket start, one count cell a series. */
export function SeriesRows({ at, series }: { at: readonly string[]; series: readonly Series[] }) {
  const { locale } = useI18n();
  return (
    <tbody>
      {at.map((start, i) => (
        <tr key={start}>
          <th scope="row">{formatDateTime(start, locale)}</th>
          {series.map((s) => (
            <td key={s.key}>{formatCount(s.values[i], locale)}</td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
