import { useMemo } from 'react';
import type { Bucket, Progress } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import { ChartCanvas } from './chart';
import { formatBucket, formatCount, formatDuration, formatEtaAt } from './format';
import { SERVICE_OF, summarize, throughputSeries, unavailableReason } from './shape';
import type { LiveState } from './use-live';
import { Numbers, PartState, SeriesRows, UpdatedAt } from './ui';

export function ProgressSection({ state, bucket }: { state: LiveState<Progress>; bucket: Bucket }) {
  const { t, locale } = useI18n();
  const p = state.data;
  const bucketName = t(`dash.bucket.${bucket}`);
  const shaped = useMemo(() => (p ? throughputSeries(p.throughput) : null), [p]);
  const series = useMemo(
    () =>
      shaped
        ? [
            { label: t('dash.itemsIn'), data: shaped.series[0].values },
            { label: t('dash.answers'), data: shaped.series[1].values },
            { label: t('dash.labelsOut'), data: shaped.series[2].values },
          ]
        : [],
    [shaped, t],
  );
  const labels = useMemo(() => shaped?.at.map((at) => formatBucket(at, bucket, locale)) ?? [], [shaped, bucket, locale]);

  /** A number, or that its service did not give it (the reason is listed above the numbers). */
  const value = (n: number | null | undefined, field: keyof typeof SERVICE_OF) =>
    n != null ? formatCount(n, locale) : <span className="na">{t('dash.naFrom', { service: SERVICE_OF[field] })}</span>;
  const tasks = p?.totals.tasks ?? null;
  const taskTotal = tasks ? tasks.open + tasks.leased + tasks.done + tasks.void : 0;
  const etaAt = p ? formatEtaAt(p.etaSeconds, state.updatedAt ?? new Date(), locale) : null;

  return (
    <section aria-labelledby="dash-progress" className="card dash-part" id="progress">
      <h2 id="dash-progress">{t('dash.progress')}</h2>
      <PartState loading={state.loading} error={state.error} hasData={!!p} updatedAt={state.updatedAt} />
      {p && (
        <>
          {p.unavailable.length > 0 && (
            <ul className="unavailable">
              {p.unavailable.map((u) => (
                <li key={u.part}>{t('dash.partUnavailable', { part: u.part, reason: u.reason })}</li>
              ))}
            </ul>
          )}
          <dl className="stats">
            <div>
              <dt>{t('dash.itemsIn')}</dt>
              <dd>{value(p.totals.itemsIn, 'itemsIn')}</dd>
            </div>
            <div>
              <dt>{t('dash.answers')}</dt>
              <dd>{value(p.totals.answers, 'answers')}</dd>
            </div>
            <div>
              <dt>{t('dash.labelsOut')}</dt>
              <dd>{value(p.totals.labelsOut, 'labelsOut')}</dd>
            </div>
            <div>
              <dt>{t('dash.queueDepth')}</dt>
              <dd>{value(p.queueDepth, 'queueDepth')}</dd>
            </div>
            <div>
              <dt>{t('dash.eta')}</dt>
              <dd>
                {p.etaSeconds == null
                  ? unavailableReason(p.unavailable, 'eta')
                    ? value(null, 'eta')
                    : <span className="na">{t('dash.noEta')}</span>
                  : p.etaSeconds === 0
                    ? t('dash.etaDone')
                    : etaAt
                      ? t('dash.etaValue', { duration: formatDuration(p.etaSeconds, locale), at: etaAt })
                      : formatDuration(p.etaSeconds, locale)}
              </dd>
            </div>
          </dl>
          <p className="muted">
            {p.answersPerHour == null
              ? t('dash.rateWindow', { duration: formatDuration(p.rateWindowSeconds, locale) })
              : t('dash.rate', { rate: formatCount(p.answersPerHour, locale), duration: formatDuration(p.rateWindowSeconds, locale) })}
          </p>

          <h3>{t('dash.tasks')}</h3>
          {tasks ? (
            <>
              <label className="inline">
                <span>{t('dash.tasksDone', { done: formatCount(tasks.done, locale), total: formatCount(taskTotal, locale) })}</span>
                <progress max={Math.max(taskTotal, 1)} value={tasks.done} />
              </label>
              <ul className="inline-list">
                <li>{t('dash.tasksOpen', { n: formatCount(tasks.open, locale) })}</li>
                <li>{t('dash.tasksLeased', { n: formatCount(tasks.leased, locale) })}</li>
                <li>{t('dash.tasksDoneN', { n: formatCount(tasks.done, locale) })}</li>
                <li>{t('dash.tasksVoid', { n: formatCount(tasks.void, locale) })}</li>
              </ul>
            </>
          ) : (
            <p className="muted">{t('dash.unavailableBecause', { reason: unavailableReason(p.unavailable, 'tasks') ?? '—' })}</p>
          )}

          <h3>{t('dash.throughput', { bucket: bucketName })}</h3>
          {shaped && shaped.at.length > 0 ? (
            <>
              <ChartCanvas
                kind="line"
                labels={labels}
                series={series}
                integer
                ariaLabel={t('dash.throughputAria', {
                  bucket: bucketName,
                  count: shaped.at.length,
                  itemsIn: formatCount(summarize(shaped.series[0].values).latest, locale),
                  answers: formatCount(summarize(shaped.series[1].values).latest, locale),
                  labelsOut: formatCount(summarize(shaped.series[2].values).latest, locale),
                })}
              />
              <Numbers summary={t('dash.showNumbers')}>
                <table className="table">
                  <caption className="visually-hidden">{t('dash.throughput', { bucket: bucketName })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.bucketStart')}</th>
                      <th scope="col">{t('dash.itemsIn')}</th>
                      <th scope="col">{t('dash.answers')}</th>
                      <th scope="col">{t('dash.labelsOut')}</th>
                    </tr>
                  </thead>
                  <SeriesRows at={shaped.at} series={shaped.series} />
                </table>
              </Numbers>
            </>
          ) : (
            <p className="muted">{t('dash.noData')}</p>
          )}
          <UpdatedAt at={state.updatedAt} />
        </>
      )}
    </section>
  );
}
