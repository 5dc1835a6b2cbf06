import { useCallback, useMemo } from 'react';
import type { Bucket, Cost } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import { ChartCanvas } from './chart';
import { formatBucket, formatCount, formatMoney } from './format';
import { mixSeries, unavailableReason } from './shape';
import type { LiveState } from './use-live';
import { Numbers, PartState, SeriesRows, UpdatedAt } from './ui';

const KNOWN_SOURCES = ['human', 'expert', 'llm', 'local_model', 'external_model', 'weak_supervision', 'machine'] as const;
const isKnownSource = (s: string): s is (typeof KNOWN_SOURCES)[number] => (KNOWN_SOURCES as readonly string[]).includes(s);

export function CostSection({ state, bucket }: { state: LiveState<Cost>; bucket: Bucket }) {
  const { t, locale } = useI18n();
  const c = state.data;
  const mix = useMemo(() => (c?.mix ? mixSeries(c.mix) : null), [c]);
  const labels = useMemo(() => mix?.at.map((at) => formatBucket(at, bucket, locale)) ?? [], [mix, bucket, locale]);
  const sourceName = useCallback((s: string) => (isKnownSource(s) ? t(`dash.source.${s}`) : s), [t]);
  const series = useMemo(() => mix?.series.map((s) => ({ label: sourceName(s.key), data: s.values })) ?? [], [mix, sourceName]);
  const gone = (field: 'cost' | 'mix') => {
    const reason = unavailableReason(c?.unavailable, field);
    return reason ? t('dash.unavailableBecause', { reason }) : t('dash.unavailable');
  };
  const money = (n: number | null, perUnit = false) => (n === null ? '—' : formatMoney(n, c?.currency ?? 'USD', locale, perUnit));

  return (
    <section aria-labelledby="dash-cost" className="card dash-part" id="cost">
      <h2 id="dash-cost">{t('dash.cost')}</h2>
      <PartState loading={state.loading} error={state.error} hasData={!!c} updatedAt={state.updatedAt} />
      {c && (
        <>
          {c.unavailable.length > 0 && (
            <ul className="unavailable">
              {c.unavailable.map((u) => (
                <li key={u.part}>{t('dash.partUnavailable', { part: u.part, reason: u.reason })}</li>
              ))}
            </ul>
          )}
          <h3>{t('dash.costPerSource')}</h3>
          {c.perSource.length === 0 ? (
            <p className="muted">{t('dash.noData')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('dash.costPerSource')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.source')}</th>
                  <th scope="col">{t('dash.labels')}</th>
                  <th scope="col">{t('dash.costCol', { currency: c.currency })}</th>
                  <th scope="col">{t('dash.costPerLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {c.perSource.map((s) => (
                  <tr key={s.source}>
                    <th scope="row">{sourceName(s.source)}</th>
                    <td>{formatCount(s.labels, locale)}</td>
                    <td>{s.cost === null ? gone('cost') : money(s.cost)}</td>
                    <td>{money(s.costPerLabel, true)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('dash.total')}</th>
                  <td>{formatCount(c.total.labels, locale)}</td>
                  <td>{money(c.total.cost)}</td>
                  <td>{money(c.total.costPerLabel, true)}</td>
                </tr>
              </tfoot>
            </table>
          )}
          <Numbers summary={t('dash.costInputs')}>
            <ul>
              <li>
                {t('dash.humanInputs', {
                  answers: formatCount(c.inputs.humanAnswers, locale),
                  hours: formatCount(c.inputs.humanHours, locale),
                  perAnswer: money(c.settings.humanCostPerAnswer, true),
                  perHour: money(c.settings.humanCostPerHour),
                })}
              </li>
              <li>
                {t('dash.expertInputs', {
                  verdicts: formatCount(c.inputs.expertVerdicts, locale),
                  hours: formatCount(c.inputs.expertHours, locale),
                  perVerdict: money(c.settings.expertCostPerVerdict, true),
                  perHour: money(c.settings.expertCostPerHour),
                })}
              </li>
              <li>{t('dash.llmInputs', { cost: c.inputs.llmCostUsd === null ? gone('cost') : money(c.inputs.llmCostUsd) })}</li>
            </ul>
          </Numbers>

          <h3>{t('dash.mixOverTime', { bucket: t(`dash.bucket.${bucket}`) })}</h3>
          {!mix ? (
            <p className="muted">{gone('mix')}</p>
          ) : mix.at.length === 0 ? (
            <p className="muted">{t('dash.noData')}</p>
          ) : (
            <>
              <ChartCanvas
                kind="bar"
                stacked
                integer
                labels={labels}
                series={series}
                ariaLabel={t('dash.mixAria', {
                  count: mix.at.length,
                  latest: mix.series.map((s) => `${sourceName(s.key)} ${formatCount(s.values[s.values.length - 1], locale)}`).join(', '),
                })}
              />
              <Numbers summary={t('dash.showNumbers')}>
                <table className="table">
                  <caption className="visually-hidden">{t('dash.mixOverTime', { bucket: t(`dash.bucket.${bucket}`) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.bucketStart')}</th>
                      {mix.series.map((s) => (
                        <th scope="col" key={s.key}>
                          {sourceName(s.key)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <SeriesRows at={mix.at} series={mix.series} />
                </table>
              </Numbers>
            </>
          )}
          <UpdatedAt at={state.updatedAt} />
        </>
      )}
    </section>
  );
}
