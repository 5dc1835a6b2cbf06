import { useMemo } from 'react';
import type { PrelabelModels, Quality } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import { ChartCanvas } from './chart';
import { formatCount, formatDateTime, formatMs, formatShare, formatSignedShare, formatStat } from './format';
import { answersPerItemSeries, summarize, versionDelta, versionRows } from './shape';
import type { LiveState } from './use-live';
import { Numbers, PartState, UpdatedAt } from './ui';

/**
 * The loop from human answers to models: each model version against the previous one, how long
 * a decided label takes to reach a trained model (prelabel models), and human answers per item
 * over time (quality).
 */
export function ModelLoopSection({ models, quality }: { models: LiveState<PrelabelModels>; quality: LiveState<Quality> }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="dash-loop" className="card dash-part" id="model-loop">
      <h2 id="dash-loop">{t('dash.modelLoop')}</h2>
      <Versions state={models} />
      <AnswersPerItem state={quality} />
    </section>
  );
}

function Versions({ state }: { state: LiveState<PrelabelModels> }) {
  const { t, locale } = useI18n();
  const rows = useMemo(() => (state.data ? versionRows(state.data.models) : []), [state.data]);
  return (
    <>
      <h3>{t('dash.versions')}</h3>
      <PartState loading={state.loading} error={state.error} hasData={!!state.data} updatedAt={state.updatedAt} />
      {state.data && rows.length === 0 && <p className="muted">{t('dash.noModels')}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('dash.versions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dash.question')}</th>
                <th scope="col">{t('dash.model')}</th>
                <th scope="col">{t('dash.trainedAt')}</th>
                <th scope="col">{t('dash.trainedOn')}</th>
                <th scope="col">{t('dash.heldOutAccuracy')}</th>
                <th scope="col">{t('dash.deltaPrevious')}</th>
                <th scope="col">{t('dash.answerToModel')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const delta = versionDelta(r);
                return (
                  <tr key={`${r.questionId}\u0000${r.backend}\u0000${r.version}`}>
                    <th scope="row">{r.questionId}</th>
                    <td>
                      {r.backend} v{r.version}
                    </td>
                    <td>{formatDateTime(r.trainedAt, locale)}</td>
                    <td>
                      {r.newLabels === null
                        ? t('dash.nLabels', { n: formatCount(r.nLabels, locale) })
                        : t('dash.nLabelsNew', { n: formatCount(r.nLabels, locale), added: formatCount(r.newLabels, locale) })}
                    </td>
                    <td>{t('dash.accuracyOn', { accuracy: formatShare(r.accuracy, locale), n: formatCount(r.heldOut, locale) })}</td>
                    <td>
                      {r.vsPrevious === null
                        ? t('dash.noComparison')
                        : t('dash.deltaValue', {
                            delta: formatSignedShare(delta, locale),
                            previous: r.vsPrevious.previousVersion,
                            accuracy: formatShare(r.vsPrevious.accuracy, locale),
                            previousAccuracy: formatShare(r.vsPrevious.previousAccuracy, locale),
                            n: formatCount(r.vsPrevious.labels, locale),
                          })}
                    </td>
                    <td>
                      {r.labelLatencyMs === null || r.labelLatencyMs.labels === 0
                        ? '—'
                        : t('dash.latencyValue', {
                            p50: formatMs(r.labelLatencyMs.p50, locale),
                            p90: formatMs(r.labelLatencyMs.p90, locale),
                            n: formatCount(r.labelLatencyMs.labels, locale),
                          })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {state.data && <UpdatedAt at={state.updatedAt} />}
    </>
  );
}

function AnswersPerItem({ state }: { state: LiveState<Quality> }) {
  const { t, locale } = useI18n();
  const points = useMemo(() => (state.data ? answersPerItemSeries(state.data.answersPerItem) : null), [state.data]);
  const labels = useMemo(() => points?.map((p) => formatDateTime(p.at, locale)) ?? [], [points, locale]);
  const series = useMemo(() => (points ? [{ label: t('dash.answersPerItem'), data: points.map((p) => p.ratio) }] : []), [points, t]);
  const s = summarize(points?.map((p) => p.ratio) ?? []);
  return (
    <>
      <h3>{t('dash.answersPerItemOverTime')}</h3>
      <PartState loading={state.loading} error={state.error} hasData={!!state.data} updatedAt={state.updatedAt} />
      {points && points.length === 0 && <p className="muted">{t('dash.noData')}</p>}
      {points && points.length > 0 && (
        <>
          <ChartCanvas
            kind="line"
            labels={labels}
            series={series}
            ariaLabel={t('dash.answersPerItemAria', {
              count: points.length,
              latest: formatStat(s.latest, locale),
              min: formatStat(s.min, locale),
              max: formatStat(s.max, locale),
            })}
          />
          <Numbers summary={t('dash.showNumbers')}>
            <table className="table">
              <caption className="visually-hidden">{t('dash.answersPerItemOverTime')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.windowStart')}</th>
                  <th scope="col">{t('dash.humanAnswers')}</th>
                  <th scope="col">{t('dash.finalizedItems')}</th>
                  <th scope="col">{t('dash.answersPerItem')}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.at}>
                    <th scope="row">{formatDateTime(p.at, locale)}</th>
                    <td>{formatCount(p.answers, locale)}</td>
                    <td>{formatCount(p.items, locale)}</td>
                    <td>{formatStat(p.ratio, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Numbers>
        </>
      )}
    </>
  );
}
