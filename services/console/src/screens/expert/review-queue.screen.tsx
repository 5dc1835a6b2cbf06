import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { Link, navigate } from '../../shell/router';
import { shortId } from '../answer-text';

const STATES = ['open', 'escalated', 'decided'] as const;

export function ReviewQueueScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<(typeof STATES)[number]>('open');
  const project = useAsync(() => api.projects().then((ps) => ps.find((p) => p.id === projectId) ?? null), [projectId]);
  const list = useAsync(() => api.adjudications(projectId, state), [projectId, state]);
  const [message, setMessage] = useState<string | null>(null);
  const base = `/projects/${encodeURIComponent(projectId)}/review`;

  const claim = async () => {
    setMessage(null);
    try {
      const v = await api.claimNext(projectId);
      if (v) navigate(`${base}/${encodeURIComponent(v.requestId)}`);
      else setMessage(t('expert.empty'));
    } catch (err) {
      setMessage(t('work.error', { message: err instanceof ApiError ? err.message : String(err) }));
    }
  };
  const label = { open: t('expert.queue'), escalated: t('expert.escalated'), decided: t('expert.decided') };

  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('expert.title', { project: project.data?.name ?? projectId })}</h1>
      <div className="actions">
        <button type="button" onClick={() => void claim()}>
          {t('expert.claim')}
        </button>
        <div role="group" aria-label={t('expert.state')} className="tabs">
          {STATES.map((s) => (
            <button key={s} type="button" className={s === state ? '' : 'secondary'} aria-pressed={s === state} onClick={() => setState(s)}>
              {label[s]}
            </button>
          ))}
        </div>
      </div>
      {message && <p role="status">{message}</p>}
      {list.error !== undefined && (
        <p role="alert" className="error">
          {list.error instanceof ApiError && list.error.status === 403 ? t('error.forbidden', { message: list.error.message }) : t('work.error', { message: String((list.error as Error)?.message ?? list.error) })}
        </p>
      )}
      {list.data && list.data.length === 0 && <p>{t('expert.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('expert.item')}</th>
              <th scope="col">{t('expert.question')}</th>
              <th scope="col">{t('expert.state')}</th>
              <th scope="col">{t('expert.requested')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('expert.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.requestId}>
                <td>
                  <code title={r.itemId}>{shortId(r.itemId)}</code>
                </td>
                <td>{r.questionId}</td>
                <td>
                  {r.state} · {r.reasons.join(', ')}
                </td>
                <td>{new Date(r.requestedAt).toLocaleString()}</td>
                <td>
                  <Link to={`${base}/${encodeURIComponent(r.requestId)}`}>{t('expert.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
