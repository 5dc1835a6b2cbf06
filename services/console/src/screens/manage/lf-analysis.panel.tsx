import { useState } from 'react';
import { labelingFunctions, type LabelModelSummary, type LfVersionStats } from '../../api/labeling-functions-client';
import type { OntologyQuestion } from '../../api/manage-client';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { RequestError } from './field-errors';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function accuracyText(t: Translate, a: LfVersionStats['accuracy']): string {
  if (!a.defined) return t('lf.accuracyUndefined', { reason: a.reason });
  return t('lf.accuracyValue', { estimate: pct(a.value.estimate), low: pct(a.value.low), high: pct(a.value.high) });
}

const DAY_MS = 24 * 3600 * 1000;

/** What the label model over the LF votes makes of the items held (weak supervision). */
function LabelModelLine({ m }: { m: NonNullable<LabelModelSummary> }) {
  const { t } = useI18n();
  const balance = Object.entries(m.classBalance)
    .map(([option, p]) => `${option} ${pct(p)}`)
    .join(', ');
  return (
    <div data-testid="lf-label-model">
      <h3>{t('lf.labelModel', { version: m.version })}</h3>
      <ul>
        <li>{m.current ? t('lf.lmCurrent', { n: m.lfs.length }) : t('lf.lmStale', { n: m.lfs.length })}</li>
        <li>{t('lf.lmBalance', { balance })}</li>
        <li>{t('lf.lmCoverage', { n: m.weakLabels, coverage: pct(m.coverage) })}</li>
        <li>{t('lf.lmAccuracy', { accuracy: accuracyText(t, m.accuracy), n: m.accuracy.defined ? m.accuracy.value.trials : 0 })}</li>
        <li>
          {m.targetPrecision === null
            ? t('lf.lmNoTarget', { pairs: m.calibrationPairs })
            : m.threshold === null
              ? t('lf.lmNoThreshold', { target: pct(m.targetPrecision), pairs: m.calibrationPairs })
              : t('lf.lmThreshold', { threshold: m.threshold.toFixed(3), target: pct(m.targetPrecision), pairs: m.calibrationPairs, above: m.aboveThreshold })}
        </li>
      </ul>
    </div>
  );
}

/** Coverage, overlap, conflict, polarity and accuracy (Wilson interval, n) per LF version, for one question; the active set per day; the label model. */
export function LfAnalysisPanel({ projectId, questions, refreshKey }: { projectId: string; questions: OntologyQuestion[]; refreshKey: number }) {
  const { t, locale } = useI18n();
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? '');
  const analysis = useAsync(() => labelingFunctions.analysis(projectId, questionId, DAY_MS), [projectId, questionId, refreshKey]);
  const q = analysis.data?.questions.find((x) => x.questionId === questionId);

  return (
    <section className="card" aria-labelledby="lf-analysis-title">
      <h2 id="lf-analysis-title">{t('lf.analysis')}</h2>
      <div className="form-row">
        <label>
          {t('lf.analysisOf')}
          <select value={questionId} onChange={(e) => setQuestionId(e.target.value)}>
            {questions.map((x) => (
              <option key={x.id} value={x.id}>
                {x.id}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={analysis.reload}>
          {t('lf.refresh')}
        </button>
      </div>
      <RequestError error={analysis.error} />
      {analysis.data && (!q || q.lfs.length === 0) && <p>{t('lf.noAnalysis')}</p>}
      {q && q.lfs.length > 0 && (
        <>
          <table className="table" data-testid="lf-analysis">
            <thead>
              <tr>
                <th scope="col">{t('lf.col.lf')}</th>
                <th scope="col">{t('lf.col.votes')}</th>
                <th scope="col">{t('lf.col.coverage')}</th>
                <th scope="col">{t('lf.col.overlap')}</th>
                <th scope="col">{t('lf.col.conflict')}</th>
                <th scope="col">{t('lf.col.polarity')}</th>
                <th scope="col">{t('lf.col.accuracy')}</th>
                <th scope="col">{t('lf.col.n')}</th>
              </tr>
            </thead>
            <tbody>
              {q.lfs.map((s) => (
                <tr key={s.lf}>
                  <th scope="row">
                    <code>{s.lf}</code>
                    {(s.retired || !s.latest) && <span className="muted"> ({s.retired ? t('lf.retiredShort') : t('lf.old')})</span>}
                  </th>
                  <td>{s.votes}</td>
                  <td>{pct(s.coverage)}</td>
                  <td>{pct(s.overlap)}</td>
                  <td>{pct(s.conflict)}</td>
                  <td>{s.polarity.join(', ') || '—'}</td>
                  <td>{accuracyText(t, s.accuracy)}</td>
                  <td>{s.accuracy.defined ? s.accuracy.value.trials : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {t('lf.totals', {
              lfs: q.totals.lfs,
              votes: q.totals.votes,
              items: q.totals.items,
              coverage: pct(q.totals.coverage),
              overlap: pct(q.totals.overlap),
              conflict: pct(q.totals.conflict),
              gold: q.totals.goldItems,
            })}
          </p>
          {q.overTime && q.overTime.length > 0 && (
            <table className="table" data-testid="lf-over-time">
              <caption>{t('lf.overTime')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('lf.col.day')}</th>
                  <th scope="col">{t('lf.col.items')}</th>
                  <th scope="col">{t('lf.col.votes')}</th>
                  <th scope="col">{t('lf.col.coverage')}</th>
                  <th scope="col">{t('lf.col.conflict')}</th>
                  <th scope="col">{t('lf.col.gold')}</th>
                </tr>
              </thead>
              <tbody>
                {q.overTime.map((b) => (
                  <tr key={b.start}>
                    <th scope="row">{new Date(b.start).toLocaleDateString(locale, { timeZone: 'UTC' })}</th>
                    <td>{b.totals.items}</td>
                    <td>{b.totals.votes}</td>
                    <td>{pct(b.totals.coverage)}</td>
                    <td>{pct(b.totals.conflict)}</td>
                    <td>{b.totals.goldItems}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {q?.labelModel && <LabelModelLine m={q.labelModel} />}
    </section>
  );
}
