import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import type { MyWork, MyWorkAnswer, Rate } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { Link } from '../../shell/router';
import { answerText, shortId } from '../answer-text';

const pct = (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)} %`);

export function MyWorkScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const project = useAsync(() => api.projects().then((ps) => ps.find((p) => p.id === projectId) ?? null), [projectId]);
  const first = useAsync(() => api.myWork(projectId), [projectId]);
  const [rows, setRows] = useState<MyWorkAnswer[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [accuracy, setAccuracy] = useState<MyWork['accuracy']>(null);

  useEffect(() => {
    if (!first.data) return;
    setRows(first.data.answers);
    setCursor(first.data.nextCursor);
    setAccuracy(first.data.accuracy);
  }, [first.data]);

  const more = async () => {
    if (!cursor) return;
    const page = await api.myWork(projectId, cursor);
    setRows((r) => [...r, ...page.answers]);
    setCursor(page.nextCursor);
  };

  const line = (kind: string, r: Rate) =>
    r.total === 0
      ? t('myWork.accuracyNone', { kind })
      : t('myWork.accuracyLine', { kind, rate: pct(r.rate), correct: r.correct, total: r.total, low: pct(r.low), high: pct(r.high) });

  return (
    <section aria-labelledby="mywork-title">
      <h1 id="mywork-title">{t('myWork.title', { project: project.data?.name ?? projectId })}</h1>
      <p>
        <Link to={`/projects/${encodeURIComponent(projectId)}/work`}>{t('projects.work')}</Link>
      </p>
      {first.error !== undefined && (
        <p role="alert" className="error">
          {t('work.error', { message: first.error instanceof ApiError ? first.error.message : String(first.error) })}
        </p>
      )}
      <section aria-labelledby="accuracy-title" className="card">
        <h2 id="accuracy-title">{t('myWork.accuracy')}</h2>
        {accuracy ? (
          <ul>
            {Object.entries(accuracy).map(([kind, r]) => (
              <li key={kind}>{line(kind, r)}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('myWork.accuracyHidden')}</p>
        )}
      </section>
      {first.data && rows.length === 0 && <p>{t('myWork.none')}</p>}
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('myWork.when')}</th>
              <th scope="col">{t('myWork.item')}</th>
              <th scope="col">{t('myWork.yourAnswer')}</th>
              <th scope="col">{t('myWork.final')}</th>
              <th scope="col">{t('myWork.time')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.annotationId}>
                <td>{new Date(r.submittedAt).toLocaleString()}</td>
                <td>
                  <code title={r.itemId}>{shortId(r.itemId)}</code> · {r.questionId}
                </td>
                <td>{answerText(r.answer)}</td>
                <td>{r.finalLabel ? answerText(r.finalLabel.answer ?? r.finalLabel.label) : <span className="muted">{t('myWork.undecided')}</span>}</td>
                <td>{r.timeSpentMs == null ? '—' : `${(r.timeSpentMs / 1000).toFixed(1)} s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void more()}>
          {t('myWork.more')}
        </button>
      )}
    </section>
  );
}
