import { useMemo, useState, type FormEvent } from 'react';
import { dashboardApi, type Quality, type QualityAnnotator } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import { shortId } from '../answer-text';
import { formatCount, formatDateTime, formatInterval, formatMs, formatShare, formatStat } from './format';
import { sortAnnotators } from './shape';
import type { LiveState } from './use-live';
import { Modal } from '../../lib/modal';
import { errorText, PartState, UpdatedAt } from './ui';

type Action = { kind: 'suspend' | 'reinstate'; annotator: QualityAnnotator };

export function AnnotatorsSection({ projectId, state }: { projectId: string; state: LiveState<Quality> }) {
  const { t, locale } = useI18n();
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const rows = useMemo(() => (state.data ? sortAnnotators(state.data.annotators) : []), [state.data]);

  const rate = (r: QualityAnnotator['gold']) =>
    r.answered === 0 ? t('dash.noChecks') : `${formatInterval(r.accuracy, r.low, r.high, locale)} · ${t('dash.correctOf', { correct: r.correct, answered: r.answered })}`;

  return (
    <section aria-labelledby="dash-annotators" className="card dash-part" id="annotators">
      <h2 id="dash-annotators">{t('dash.annotators')}</h2>
      <PartState loading={state.loading} error={state.error} hasData={!!state.data} updatedAt={state.updatedAt} />
      {done && <p role="status" className="info">{done}</p>}
      {state.data && rows.length === 0 && <p className="muted">{t('dash.noAnnotators')}</p>}
      {state.data && rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('dash.annotators')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dash.annotator')}</th>
                <th scope="col">{t('dash.status')}</th>
                <th scope="col">{t('dash.reliability')}</th>
                <th scope="col">{t('dash.agreementRate')}</th>
                <th scope="col">{t('dash.honeypots')}</th>
                <th scope="col">{t('dash.gold')}</th>
                <th scope="col">{t('dash.answers')}</th>
                <th scope="col">{t('dash.medianTime')}</th>
                <th scope="col">{t('dash.action')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.annotatorId} className={a.suspended ? 'suspended' : undefined}>
                  <th scope="row">
                    <code title={a.annotatorId}>{shortId(a.annotatorId)}</code>
                  </th>
                  <td>
                    {a.suspended ? <strong className="error">{t('dash.suspended')}</strong> : t('dash.active')}
                    {a.suspension && (a.suspended || a.suspension.manual) && (
                      <div className="muted small">
                        {t(a.suspended ? (a.suspension.manual ? 'dash.suspendedBy' : 'dash.suspendedAuto') : 'dash.reinstatedBy', {
                          by: a.suspension.by,
                          at: formatDateTime(a.suspension.at, locale),
                          reason: a.suspension.reason || '—',
                        })}
                      </div>
                    )}
                  </td>
                  <td>{formatStat(a.reliability, locale)}</td>
                  <td>{formatShare(a.agreement, locale)}</td>
                  <td>{rate(a.honeypot)}</td>
                  <td>{rate(a.gold)}</td>
                  <td>{formatCount(a.answersCounted, locale)}</td>
                  <td>{a.timedAnswers > 0 ? t('dash.medianOf', { time: formatMs(a.medianTimeMs, locale), n: formatCount(a.timedAnswers, locale) }) : '—'}</td>
                  <td>
                    {a.suspended ? (
                      <button type="button" className="secondary" onClick={() => setAction({ kind: 'reinstate', annotator: a })} aria-label={t('dash.reinstateWho', { who: a.annotatorId })}>
                        {t('dash.reinstate')}
                      </button>
                    ) : (
                      <button type="button" className="secondary danger" onClick={() => setAction({ kind: 'suspend', annotator: a })} aria-label={t('dash.suspendWho', { who: a.annotatorId })}>
                        {t('dash.suspend')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.data && <UpdatedAt at={state.updatedAt} />}
      {action && (
        <SuspendDialog
          projectId={projectId}
          action={action}
          onClose={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            setDone(message);
            state.reload();
          }}
        />
      )}
    </section>
  );
}

function SuspendDialog({ projectId, action, onClose, onDone }: { projectId: string; action: Action; onClose(): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const who = action.annotator.annotatorId;
  const suspend = action.kind === 'suspend';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (suspend && !reason.trim()) {
      setError(t('dash.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = suspend ? await dashboardApi.suspend(projectId, who, reason.trim()) : await dashboardApi.reinstate(projectId, who, reason.trim() || undefined);
      onDone(t(r.changed ? (suspend ? 'dash.suspendedMsg' : 'dash.reinstatedMsg') : r.suspended ? 'dash.alreadySuspended' : 'dash.alreadyActive', { who }));
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <Modal labelId="suspend-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="suspend-title">{t(suspend ? 'dash.suspendTitle' : 'dash.reinstateTitle', { who })}</h2>
        <p>{t(suspend ? 'dash.suspendExplain' : 'dash.reinstateExplain')}</p>
        <label>
          <span>{t(suspend ? 'dash.reason' : 'dash.reasonOptional')}</span>
          <textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            maxLength={500}
            required={suspend}
            aria-invalid={!!error && suspend && !reason.trim()}
            aria-describedby={error ? 'suspend-error' : undefined}
            autoFocus
          />
        </label>
        {error && (
          <p id="suspend-error" role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy} className={suspend ? 'danger' : undefined}>
            {t(suspend ? 'dash.confirmSuspend' : 'dash.confirmReinstate')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('dash.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
