import { useMemo } from 'react';
import type { Bucket, PrelabelModels, Quality } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import { ChartCanvas } from './chart';
import { formatBucket, formatCount, formatDateTime, formatInterval, formatShare, formatStat } from './format';
import { autoAcceptSeries, currentModels, precisionRows, summarize } from './shape';
import type { LiveState } from './use-live';
import { Numbers, PartState, UpdatedAt } from './ui';

/** Machine assistance: precision per model version (quality), auto-accept share and calibration (prelabel models). */
export function MachineSection({ quality, models, bucket }: { quality: LiveState<Quality>; models: LiveState<PrelabelModels>; bucket: Bucket }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="dash-machine" className="card dash-part" id="machine">
      <h2 id="dash-machine">{t('dash.machine')}</h2>
      <Precision state={quality} />
      <AutoAccept state={models} bucket={bucket} />
      <Calibration state={models} />
    </section>
  );
}

function Precision({ state }: { state: LiveState<Quality> }) {
  const { t, locale } = useI18n();
  const rows = useMemo(() => (state.data ? precisionRows(state.data.machinePrecisionByVersion) : []), [state.data]);
  const labels = useMemo(() => rows.map((r) => `${r.questionId} · ${r.model}`), [rows]);
  const series = useMemo(
    () => [
      { label: t('dash.interval'), type: 'bar' as const, data: rows.map((r) => (r.low != null && r.high != null ? ([r.low, r.high] as [number, number]) : null)), color: 0 },
      { label: t('dash.precision'), type: 'line' as const, pointsOnly: true, data: rows.map((r) => r.precision), color: 1 },
    ],
    [rows, t],
  );
  return (
    <>
      <h3>{t('dash.precisionPerVersion')}</h3>
      <PartState loading={state.loading} error={state.error} hasData={!!state.data} updatedAt={state.updatedAt} />
      {state.data && rows.length === 0 && <p className="muted">{t('dash.noMachineAudits')}</p>}
      {rows.length > 0 && (
        <>
          <ChartCanvas
            kind="bar"
            labels={labels}
            series={series}
            percent
            yMin={0}
            yMax={1}
            ariaLabel={t('dash.precisionAria', {
              count: rows.length,
              list: rows.map((r) => `${r.questionId} ${r.model}: ${formatInterval(r.precision, r.low, r.high, locale)}`).join('; '),
            })}
          />
          <table className="table">
            <caption className="visually-hidden">{t('dash.precisionPerVersion')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dash.question')}</th>
                <th scope="col">{t('dash.model')}</th>
                <th scope="col">{t('dash.precisionInterval')}</th>
                <th scope="col">{t('dash.audited')}</th>
                <th scope="col">{t('dash.pendingAudits')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.questionId}\u0000${r.model}`}>
                  <th scope="row">{r.questionId}</th>
                  <td>{r.model}</td>
                  <td>{formatInterval(r.precision, r.low, r.high, locale)}</td>
                  <td>{t('dash.correctOf', { correct: formatCount(r.correct, locale), answered: formatCount(r.count, locale) })}</td>
                  <td>{formatCount(r.pending, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function AutoAccept({ state, bucket }: { state: LiveState<PrelabelModels>; bucket: Bucket }) {
  const { t, locale } = useI18n();
  const shaped = useMemo(() => (state.data ? autoAcceptSeries(state.data.autoAccept) : null), [state.data]);
  const labels = useMemo(() => shaped?.at.map((at) => formatBucket(at, bucket, locale)) ?? [], [shaped, bucket, locale]);
  const series = useMemo(() => shaped?.lines.map((l) => ({ label: l.questionId, data: l.values })) ?? [], [shaped]);
  return (
    <>
      <h3>{t('dash.autoAcceptOverTime', { bucket: t(`dash.bucket.${bucket}`) })}</h3>
      <PartState loading={state.loading} error={state.error} hasData={!!state.data} updatedAt={state.updatedAt} />
      {shaped && shaped.rows.length === 0 && <p className="muted">{t('dash.noData')}</p>}
      {shaped && shaped.rows.length > 0 && (
        <>
          <ChartCanvas
            kind="line"
            labels={labels}
            series={series}
            percent
            yMin={0}
            yMax={1}
            ariaLabel={t('dash.autoAcceptAria', {
              count: shaped.at.length,
              latest: shaped.lines.map((l) => `${l.questionId} ${formatShare(summarize(l.values).latest, locale)}`).join(', '),
            })}
          />
          <Numbers summary={t('dash.showNumbers')}>
            <table className="table">
              <caption className="visually-hidden">{t('dash.autoAcceptShare')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.bucketStart')}</th>
                  <th scope="col">{t('dash.question')}</th>
                  <th scope="col">{t('dash.routed')}</th>
                  <th scope="col">{t('dash.autoAccepted')}</th>
                  <th scope="col">{t('dash.audits')}</th>
                  <th scope="col">{t('dash.toHumans')}</th>
                  <th scope="col">{t('dash.autoAcceptShare')}</th>
                </tr>
              </thead>
              <tbody>
                {shaped.rows.map((p) => (
                  <tr key={`${p.at}\u0000${p.questionId}`}>
                    <th scope="row">{formatDateTime(p.at, locale)}</th>
                    <td>{p.questionId}</td>
                    <td>{formatCount(p.routed, locale)}</td>
                    <td>{formatCount(p.autoAccepted, locale)}</td>
                    <td>{formatCount(p.audited, locale)}</td>
                    <td>{t('dash.humansSplit', { withDraft: formatCount(p.humanWithDraft, locale), without: formatCount(p.humanWithoutDraft, locale) })}</td>
                    <td>{formatShare(p.share, locale)}</td>
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

function Calibration({ state }: { state: LiveState<PrelabelModels> }) {
  const { t, locale } = useI18n();
  const rows = useMemo(() => (state.data ? currentModels(state.data.models) : []), [state.data]);
  const labels = useMemo(() => rows.map((m) => `${m.questionId} · ${m.backend} v${m.version}`), [rows]);
  const series = useMemo(
    () => [
      { label: t('dash.eceRaw'), data: rows.map((m) => m.report.eceRaw) },
      { label: t('dash.eceCalibrated'), data: rows.map((m) => m.report.eceCalibrated) },
    ],
    [rows, t],
  );
  return (
    <>
      <h3>{t('dash.calibration')}</h3>
      <PartState loading={state.loading} error={state.error} hasData={!!state.data} updatedAt={state.updatedAt} />
      {state.data && rows.length === 0 && <p className="muted">{t('dash.noModels')}</p>}
      {rows.length > 0 && (
        <>
          <ChartCanvas
            kind="bar"
            labels={labels}
            series={series}
            ariaLabel={t('dash.eceAria', {
              list: rows.map((m) => `${m.questionId} ${m.backend} v${m.version}: ${formatStat(m.report.eceRaw, locale)} → ${formatStat(m.report.eceCalibrated, locale)}`).join('; '),
            })}
          />
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t('dash.calibration')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.question')}</th>
                  <th scope="col">{t('dash.model')}</th>
                  <th scope="col">{t('dash.trainedAt')}</th>
                  <th scope="col">{t('dash.heldOutAccuracy')}</th>
                  <th scope="col">{t('dash.eceRaw')}</th>
                  <th scope="col">{t('dash.eceCalibrated')}</th>
                  <th scope="col">{t('dash.autoAcceptThreshold')}</th>
                  <th scope="col">{t('dash.atThreshold')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={`${m.questionId}\u0000${m.backend}`}>
                    <th scope="row">{m.questionId}</th>
                    <td>
                      {m.backend} v{m.version} · <code>{m.modelId}</code>
                    </td>
                    <td>{formatDateTime(m.trainedAt, locale)}</td>
                    <td>{t('dash.accuracyOn', { accuracy: formatShare(m.report.accuracy, locale), n: formatCount(m.report.heldOut, locale) })}</td>
                    <td>{formatStat(m.report.eceRaw, locale)}</td>
                    <td>{formatStat(m.report.eceCalibrated, locale)}</td>
                    <td>{m.threshold == null ? t('dash.noAutoAccept') : formatStat(m.threshold, locale)}</td>
                    <td>
                      {t('dash.precisionCoverage', {
                        precision: formatShare(m.report.choice.precision, locale),
                        target: formatShare(m.report.targetPrecision, locale),
                        coverage: formatShare(m.report.choice.coverage, locale),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {state.data && <UpdatedAt at={state.updatedAt} />}
    </>
  );
}
