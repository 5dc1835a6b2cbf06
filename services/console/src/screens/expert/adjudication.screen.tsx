import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import type { Option } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { Link } from '../../shell/router';
import { answerText, shortId } from '../answer-text';

interface ProtoQuestion {
  questionId?: string;
  kind?: string;
  prompt?: string;
  options?: { optionId: string; label: string; description?: string }[];
}

const options = (q: unknown): Option[] =>
  ((q as ProtoQuestion | null)?.options ?? []).map((o) => ({ id: o.optionId, label: o.label, description: o.description ?? '' }));

export function AdjudicationScreen({ projectId, requestId }: { projectId: string; requestId: string }) {
  const { t } = useI18n();
  const view = useAsync(() => api.adjudication(requestId), [requestId]);
  const [label, setLabel] = useState<string>('');
  const [confidence, setConfidence] = useState('0.9');
  const [note, setNote] = useState('');
  const [gold, setGold] = useState(false);
  const [escalateNote, setEscalateNote] = useState('');
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const back = `/projects/${encodeURIComponent(projectId)}/review`;

  const v = view.data;
  const opts = options(v?.question);
  const q = v?.question as ProtoQuestion | null | undefined;

  useEffect(() => {
    if (v && !label) setLabel(v.proposedLabel ?? v.majority ?? '');
  }, [v, label]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || e.ctrlKey || e.metaKey || e.altKey) return;
      const i = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
      if (i >= 0 && i < opts.length) {
        setLabel(opts[i].id);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [opts]);

  const fail = (err: unknown) => {
    const e = err instanceof ApiError ? err : null;
    const detail = e?.errors.length ? ` (${e.errors.map((f) => `${f.field}: ${f.reason}`).join('; ')})` : '';
    setMessage({ tone: 'error', text: t('work.error', { message: (e?.message ?? String(err)) + detail }) });
  };

  const decide = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const multiple = q?.kind === 'MULTIPLE_CHOICE';
      await api.verdict(requestId, {
        ...(multiple ? { labels: [label] } : { label }),
        confidence: Number(confidence),
        ...(note.trim() ? { note: note.trim() } : {}),
        goldCandidate: gold,
      });
      setMessage({ tone: 'info', text: t('expert.decidedMsg', { label: opts.find((o) => o.id === label)?.label ?? label }) });
      view.reload();
    } catch (err) {
      fail(err);
    }
  };

  const escalate = async () => {
    setMessage(null);
    try {
      await api.escalate(requestId, escalateNote.trim());
      setMessage({ tone: 'info', text: t('expert.escalatedMsg') });
      view.reload();
    } catch (err) {
      fail(err);
    }
  };

  const confirmGold = async () => {
    setMessage(null);
    try {
      await api.confirmGold(projectId, requestId);
      setMessage({ tone: 'info', text: t('expert.goldConfirmed') });
      view.reload();
    } catch (err) {
      fail(err);
    }
  };

  if (view.error !== undefined)
    return (
      <p role="alert" className="error">
        {t('work.error', { message: view.error instanceof ApiError ? view.error.message : String(view.error) })} <Link to={back}>{t('expert.back')}</Link>
      </p>
    );
  if (!v) return <p>{t('common.loading')}</p>;

  const decided = v.state === 'decided';
  const verdict = v.verdict as { label?: string; note?: string; goldCandidate?: boolean; gold?: unknown } | null;
  const draft = v.machineDraft as { label?: string; model?: { confidence?: number | null } | null } | null;
  const content = v.content;
  const guidelines = v.guidelines as { text?: string } | string | null;

  return (
    <section className="adjudication" aria-labelledby="adj-title">
      <p>
        <Link to={back}>{t('expert.back')}</Link>
      </p>
      <h1 id="adj-title">{q?.prompt ?? v.questionId}</h1>
      <p className="muted">
        {t('expert.reasons', { reasons: v.reasons.join(', ') })} · {t('expert.item')} <code title={v.itemId}>{shortId(v.itemId)}</code> · {t('expert.state')}: {v.state}
      </p>
      <div aria-live="polite">{message && <p className={message.tone === 'error' ? 'error' : 'info'}>{message.text}</p>}</div>
      <div className="adj-grid">
        <section aria-label={t('work.content')} className="content">
          {content?.maskedText && <div className="content-text">{content.maskedText}</div>}
          {content?.mediaUrl &&
            (content.contentType?.toUpperCase() === 'AUDIO' ? (
              <audio src={content.mediaUrl} controls preload="auto" />
            ) : content.contentType?.toUpperCase() === 'VIDEO' ? (
              <video className="video" src={content.mediaUrl} controls preload="auto" />
            ) : (
              <img className="content-image" src={content.mediaUrl} alt={q?.prompt ?? ''} />
            ))}
          {guidelines && (
            <details>
              <summary>{t('work.guidelines')}</summary>
              <div className="guidelines-text">{typeof guidelines === 'string' ? guidelines : (guidelines.text ?? '')}</div>
            </details>
          )}
        </section>
        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{t('expert.answers')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('expert.who')}</th>
                <th scope="col">{t('expert.answer')}</th>
                <th scope="col">{t('expert.reliability')}</th>
                <th scope="col">{t('expert.draftShown')}</th>
              </tr>
            </thead>
            <tbody>
              {v.answers.map((a) => (
                <tr key={a.annotationId}>
                  <td>
                    <code title={a.annotatorId}>{shortId(a.annotatorId)}</code> <span className="muted">{a.source}</span>
                  </td>
                  <td>{answerText(a.answer, opts)}</td>
                  <td>{a.reliability == null ? '—' : a.reliability.toFixed(2)}</td>
                  <td>{a.draftShown ? t('expert.yes') : t('expert.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {draft && (
            <p>
              {t('expert.machine', {
                label: opts.find((o) => o.id === draft.label)?.label ?? draft.label ?? '—',
                confidence: draft.model?.confidence == null ? '—' : draft.model.confidence.toFixed(2),
              })}
            </p>
          )}
          {v.majority && <p>{t('expert.majority', { label: opts.find((o) => o.id === v.majority)?.label ?? v.majority })}</p>}
          {v.proposedLabel && (
            <p>
              {t('expert.posterior', { label: opts.find((o) => o.id === v.proposedLabel)?.label ?? v.proposedLabel, posterior: Number.isFinite(Number(v.posterior)) && v.posterior !== null ? Number(v.posterior).toFixed(2) : '—' })}
            </p>
          )}
        </section>
      </div>
      {decided && verdict && (
        <section className="card" aria-labelledby="verdict-title">
          <h2 id="verdict-title">{t('expert.verdict')}</h2>
          <p>
            {opts.find((o) => o.id === verdict.label)?.label ?? verdict.label} {verdict.note && <span className="muted">— {verdict.note}</span>}
          </p>
          {verdict.goldCandidate && !verdict.gold && (
            <button type="button" onClick={() => void confirmGold()}>
              {t('expert.confirmGold')}
            </button>
          )}
          {Boolean(verdict.gold) && <p className="info">{t('expert.goldConfirmed')}</p>}
        </section>
      )}
      {!decided && (
        <form className="card verdict-form" onSubmit={(e) => void decide(e)} aria-labelledby="verdict-form-title">
          <h2 id="verdict-form-title">{t('expert.verdict')}</h2>
          <fieldset className="choices">
            <legend>{t('work.options')}</legend>
            {opts.map((o, i) => (
              <label key={o.id} className={`choice${label === o.id ? ' chosen' : ''}`}>
                <input type="radio" name="verdict" value={o.id} checked={label === o.id} onChange={() => setLabel(o.id)} />
                <kbd aria-hidden="true">{i + 1}</kbd> <span className="choice-label">{o.label}</span>
              </label>
            ))}
          </fieldset>
          <label>
            {t('expert.confidence')}
            <input type="number" min="0" max="1" step="0.05" value={confidence} onChange={(e) => setConfidence(e.target.value)} />
          </label>
          <label>
            {t('expert.note')}
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={gold} onChange={(e) => setGold(e.target.checked)} /> {t('expert.goldCandidate')}
          </label>
          <div className="actions">
            <button type="submit" disabled={!label}>
              {t('expert.decide')}
            </button>
          </div>
          {v.state === 'open' && (
            <div className="escalate">
              <label>
                {t('expert.escalateNote')}
                <textarea rows={2} value={escalateNote} onChange={(e) => setEscalateNote(e.target.value)} />
              </label>
              <button type="button" className="secondary" disabled={!escalateNote.trim()} onClick={() => void escalate()}>
                {t('expert.escalate')}
              </button>
            </div>
          )}
        </form>
      )}
    </section>
  );
}
