import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import type { Answer, TaskView } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { useSession } from '../../session/session';
import { Link } from '../../shell/router';
import { AnswerOutbox, type OutboxEvent } from './answer-outbox';
import { draftAnswer, initialAnswer, missingRequired } from './answer-model';
import { BoxEditor } from './box.editor';
import { ChoiceEditor } from './choice.editor';
import { ContentView } from './content-view';
import { ShortcutsDialog, SkipDialog } from './dialogs';
import type { KeyHandler } from './editor';
import { FreeTextEditor } from './free-text.editor';
import { GuidelinesPanel } from './guidelines.panel';
import { TaskQueue } from './task-queue';
import { TextSpanEditor } from './text-span.editor';
import { TimeSegmentEditor } from './time-segment.editor';
import { useTaskClock } from './use-task-clock';

type Notice = { tone: 'info' | 'error'; text: string } | null;

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.isContentEditable);

export function WorkbenchScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const project = useAsync(() => api.projects().then((ps) => ps.find((p) => p.id === projectId) ?? null), [projectId]);
  const [task, setTask] = useState<TaskView | null | undefined>(undefined);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const [panel, setPanel] = useState<'none' | 'guidelines'>('none');
  const [dialog, setDialog] = useState<'none' | 'shortcuts' | 'skip'>('none');
  const keys = useRef<KeyHandler | null>(null);
  const clock = useTaskClock(task?.taskId);

  const queue = useRef<TaskQueue>(null as unknown as TaskQueue);
  // Two leases ahead: under load one lease round trip can outlast a quick answer.
  if (!queue.current) queue.current = new TaskQueue(api, projectId, 2);

  const onOutbox = useCallback(
    (e: OutboxEvent) => {
      queue.current.released();
      if (e.kind === 'saved') return;
      if (e.status === 409 || e.status === 410 || e.status === 404) setNotice({ tone: 'info', text: t('work.leaseGone') });
      else setNotice({ tone: 'error', text: t('work.error', { message: e.message }) });
    },
    [t],
  );
  const outbox = useRef<AnswerOutbox | null>(null);
  useEffect(() => {
    const o = new AnswerOutbox(api, sessionStorage, `verity.outbox.${me?.id ?? 'anon'}`, onOutbox, setPending);
    outbox.current = o;
    setPending(o.size);
    void o.flush();
    const online = () => void o.flush();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      o.dispose();
    };
  }, [me?.id, onOutbox]);

  const show = useCallback((next: TaskView | null) => {
    setTask(next);
    setAnswer(next ? initialAnswer(next) : null);
    setPanel((p) => p);
  }, []);

  const fail = useCallback(
    (err: unknown) => {
      setTask(null);
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) setBlocked(t('work.forbidden', { message: err.message }));
      else setNotice({ tone: 'error', text: t('work.error', { message: err instanceof Error ? err.message : String(err) }) });
    },
    [t],
  );

  useEffect(() => {
    queue.current.start().then(show, fail);
  }, [show, fail]);

  // An empty queue is looked at again now and then, so new work appears without a reload.
  useEffect(() => {
    if (task !== null || blocked) return;
    const id = setInterval(() => {
      queue.current.retry();
      queue.current.next().then((n) => n && show(n), fail);
    }, 3000);
    return () => clearInterval(id);
  }, [task, blocked, show, fail]);

  useEffect(() => {
    if (task) performance.mark('verity:task-shown', { detail: task.taskId });
  }, [task]);

  const advance = useCallback(() => {
    const ready = queue.current.takeReady();
    if (ready) return show(ready);
    setTask(undefined);
    queue.current.next().then(show, fail);
  }, [show, fail]);

  const submit = useCallback(() => {
    if (!task || !answer) return;
    if (missingRequired(task.question, answer)) {
      setNotice({ tone: 'error', text: t('work.required') });
      return;
    }
    performance.mark('verity:submit', { detail: task.taskId });
    setNotice(null);
    outbox.current?.add({ taskId: task.taskId, leaseId: task.leaseId, answer, timeSpentMs: clock.elapsedMs() });
    advance();
  }, [task, answer, t, clock, advance]);

  const skip = useCallback(
    (reason: string) => {
      setDialog('none');
      if (!task) return;
      const { taskId, leaseId } = task;
      api.skip(taskId, { leaseId, reason }).catch((err) => {
        if (err instanceof ApiError && err.status === 409) setNotice({ tone: 'info', text: t('work.leaseGone') });
      });
      setNotice(null);
      advance();
    },
    [task, advance, t],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialog !== 'none' || e.isComposing || e.defaultPrevented) return;
      const typing = isTyping(e.target);
      if (typing) {
        if (e.key === 'Enter' && !e.shiftKey && (e.target as HTMLElement).tagName === 'TEXTAREA') {
          e.preventDefault();
          submit();
        }
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        setDialog('shortcuts');
        return;
      }
      if (!task) return;
      if (keys.current?.(e)) {
        e.preventDefault();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        submit();
      } else if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        setDialog('skip');
      } else if (e.key === 'g' || e.key === 'G') {
        e.preventDefault();
        setPanel((p) => (p === 'guidelines' ? 'none' : 'guidelines'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, task, submit]);

  const name = project.data?.name ?? projectId;
  const hasDraft = task ? draftAnswer(task) !== null : false;

  return (
    <section className="workbench" aria-labelledby="work-title" data-task-id={task?.taskId ?? ''}>
      <div className="work-head">
        <h1 id="work-title">{t('work.title', { project: name })}</h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setPanel((p) => (p === 'guidelines' ? 'none' : 'guidelines'))} aria-keyshortcuts="G">
            {t('work.guidelines')} <kbd aria-hidden="true">G</kbd>
          </button>
          <button type="button" className="secondary" onClick={() => setDialog('shortcuts')} aria-keyshortcuts="?">
            {t('work.shortcuts')} <kbd aria-hidden="true">?</kbd>
          </button>
          <Link className="button secondary" to={`/projects/${encodeURIComponent(projectId)}/my-work`}>
            {t('projects.myWork')}
          </Link>
        </div>
      </div>
      <div className="status" aria-live="polite">
        {pending > 0 && <p className="pending">{t('work.pending', { count: pending })}</p>}
        {notice && (
          <p className={notice.tone === 'error' ? 'error' : 'info'} role={notice.tone === 'error' ? 'alert' : undefined}>
            {notice.text}
          </p>
        )}
      </div>
      {blocked && (
        <p role="alert" className="error">
          {blocked} <Link to="/">{t('common.back')}</Link>
        </p>
      )}
      {!blocked && task === undefined && <p>{t('work.loading')}</p>}
      {!blocked && task === null && (
        <div className="empty">
          <p>{t('work.empty')}</p>
          <button
            type="button"
            onClick={() => {
              queue.current.retry();
              setTask(undefined);
              queue.current.next().then(show, fail);
            }}
          >
            {t('work.retry')}
          </button>
        </div>
      )}
      {task && answer && (
        <div className={`work-body${panel === 'guidelines' ? ' with-panel' : ''}`}>
          <article className="task" aria-labelledby="task-prompt" key={task.taskId}>
            <h2 id="task-prompt" className="prompt">
              {task.question.prompt}
            </h2>
            {hasDraft && <p className="draft-note">{t('work.draft')}</p>}
            {(task.question.type === 'single_choice' || task.question.type === 'multiple_choice' || task.question.type === 'free_text') && (
              <section aria-label={t('work.content')} className="content">
                <ContentView content={task.content} alt={task.question.prompt} />
              </section>
            )}
            <section aria-label={t('work.answer')} className="answer">
              {'choice' in answer && <ChoiceEditor task={task} value={answer} onChange={setAnswer} keys={keys} />}
              {'freeText' in answer && <FreeTextEditor task={task} value={answer} onChange={setAnswer} keys={keys} />}
              {'textSpans' in answer && <TextSpanEditor task={task} value={answer} onChange={setAnswer} keys={keys} />}
              {'timeSegments' in answer && <TimeSegmentEditor task={task} value={answer} onChange={setAnswer} keys={keys} />}
              {'boxes' in answer && <BoxEditor task={task} value={answer} onChange={setAnswer} keys={keys} />}
            </section>
            <div className="actions submit-bar">
              <button type="button" onClick={submit} aria-keyshortcuts="Enter">
                {t('work.submit')} <kbd aria-hidden="true">↵</kbd>
              </button>
              <button type="button" className="secondary" onClick={() => setDialog('skip')} aria-keyshortcuts="S">
                {t('work.skip')} <kbd aria-hidden="true">S</kbd>
              </button>
            </div>
          </article>
          {panel === 'guidelines' && <GuidelinesPanel task={task} onClose={() => setPanel('none')} />}
        </div>
      )}
      {task && !answer && <p role="alert">{t('work.unsupported', { type: task.question.type })}</p>}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog('none')} />}
      {dialog === 'skip' && <SkipDialog onSkip={skip} onClose={() => setDialog('none')} />}
    </section>
  );
}
