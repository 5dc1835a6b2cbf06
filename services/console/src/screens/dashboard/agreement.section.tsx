import { useMemo, useState } from 'react';
import type { Quality } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';
import { ChartCanvas } from './chart';
import { formatCount, formatDateTime, formatDuration, formatStat } from './format';
import { agreementSeries, latestDrift, summarize, type AgreementMetric } from './shape';
import type { LiveState } from './use-live';
import { Numbers, PartState, UpdatedAt } from './ui';

const METRICS: { id: AgreementMetric; label: MessageKey }[] = [
  { id: 'krippendorffAlpha', label: 'dash.alpha' },
  { id: 'pairwiseAgreement', label: 'dash.pairwise' },
  { id: 'fleissKappa', label: 'dash.fleiss' },
];

export function AgreementSection({ state }: { state: LiveState<Quality> }) {
  const { t, locale } = useI18n();
  const [metric, setMetric] = useState<AgreementMetric>('krippendorffAlpha');
  const q = state.data;
  const shaped = useMemo(() => (q ? agreementSeries(q.windows, metric) : null), [q, metric]);
  const labels = useMemo(() => shaped?.windows.map((w) => formatDateTime(w.to, locale)) ?? [], [shaped, locale]);
  const series = useMemo(() => shaped?.lines.map((l) => ({ label: l.label, data: l.values })) ?? [], [shaped]);
  const drift = useMemo(() => (q ? latestDrift(q.drift) : []), [q]);
  const metricName = t(METRICS.find((m) => m.id === metric)!.label);
  const aria = shaped
    ? t('dash.agreementAria', {
        metric: metricName,
        windows: shaped.windows.length,
        latest: shaped.lines.map((l) => `${l.label} ${formatStat(summarize(l.values).latest, locale)}`).join(', ') || t('dash.noData'),
      })
    : '';

  return (
    <section aria-labelledby="dash-agreement" className="card dash-part" id="agreement">
      <h2 id="dash-agreement">{t('dash.agreement')}</h2>
      <PartState loading={state.loading} error={state.error} hasData={!!q} updatedAt={state.updatedAt} />
      {q && shaped && (
        <>
          <p className="muted">
            {t('dash.windowInfo', { duration: formatDuration(q.windowMs / 1000, locale), threshold: formatStat(q.policy.agreementThreshold, locale) })}
          </p>
          <label className="inline">
            <span>{t('dash.metric')}</span>
            <select value={metric} onChange={(e) => setMetric(e.target.value as AgreementMetric)}>
              {METRICS.map((m) => (
                <option key={m.id} value={m.id}>
                  {t(m.label)}
                </option>
              ))}
            </select>
          </label>
          {shaped.lines.length === 0 ? (
            <p className="muted">{t('dash.noAnswersInWindows')}</p>
          ) : (
            <>
              <ChartCanvas kind="line" labels={labels} series={series} ariaLabel={aria} yMax={1} />
              <Numbers summary={t('dash.showNumbers')}>
                <table className="table">
                  <caption className="visually-hidden">{t('dash.agreementTable', { metric: metricName })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.question')}</th>
                      {shaped.windows.map((w) => (
                        <th scope="col" key={w.to}>
                          {t('dash.windowUntil', { to: formatDateTime(w.to, locale) })}
                          {w.truncated && <span className="muted"> {t('dash.truncated')}</span>}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {shaped.lines.map((l) => (
                      <tr key={`${l.questionId}@${l.ontologyVersion}`}>
                        <th scope="row">{l.label}</th>
                        {l.values.map((v, i) => (
                          <td key={i}>
                            {formatStat(v, locale)}
                            {l.reasons[i] && <span className="muted"> ({l.reasons[i]})</span>}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Numbers>
            </>
          )}
          {shaped.windows.some((w) => w.truncated) && <p className="muted">{t('dash.truncatedNote')}</p>}

          <h3>{t('dash.drift')}</h3>
          {drift.length === 0 ? (
            <p className="muted">{t('dash.noDrift')}</p>
          ) : (
            <ul className="drift">
              {drift.map((d) => (
                <li key={`${d.questionId}@${d.ontologyVersion}/${d.test}`} className={d.alarm ? 'error' : undefined}>
                  {t(d.alarm ? 'dash.driftAlarm' : 'dash.driftOk', {
                    question: d.questionId,
                    test: t(d.test === 'agreement' ? 'dash.driftAgreement' : 'dash.driftLabels'),
                    statistic: formatStat(d.statistic, locale),
                    p: formatStat(d.pValue, locale),
                    threshold: formatStat(d.threshold, locale),
                    to: formatDateTime(d.window.to, locale),
                  })}
                  {d.reason && <span className="muted"> ({d.reason})</span>}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{t('dash.answersInWindows', { n: formatCount(q.windows.reduce((s, w) => s + w.answers, 0), locale) })}</p>
          <UpdatedAt at={state.updatedAt} />
        </>
      )}
    </section>
  );
}
