import { useState } from 'react';
import { labelingFunctions, type LfVersionStats } from '../../api/labeling-functions-client';
import type { OntologyQuestion } from '../../api/manage-client';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { RequestError } from './field-errors';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function accuracyText(t: Translate, a: LfVersionStats['accuracy']): string {
  if (!a.defined) return t('lf.accuracyUndefined', { reason: a.reason });
  return t('lf.accuracyValue', { estimate: pct(a.value.estimate), low: pct(a.value.low), high: pct(a.value.high) });
}

/** Coverage, overlap, conflict, polarity and accuracy (Wilson interval, n) per LF version, for one question. */
export function LfAnalysisPanel({ projectId, questions, refreshKey }: { projectId: string; questions: OntologyQuestion[]; refreshKey: number }) {
  const { t } = useI18n();
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? '');
  const analysis = useAsync(() => labelingFunctions.analysis(projectId, questionId), [projectId, questionId, refreshKey]);
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
        </>
      )}
    </section>
  );
}
