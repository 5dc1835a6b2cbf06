import { api } from '../../api/client';
import type { TaskView } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';

/** The guidelines and worked examples of the task's own ontology version, as plain text. */
export function GuidelinesPanel({ task, onClose }: { task: TaskView; onClose(): void }) {
  const { t } = useI18n();
  const version = useAsync(() => api.ontology(task.projectId, task.ontologyVersion), [task.projectId, task.ontologyVersion]);
  const text = version.data?.guidelines.text || task.guidelines;
  const examples = (version.data?.guidelines.examples ?? []).filter((e) => e.questionId === task.question.id);
  return (
    <aside className="guidelines" aria-labelledby="guidelines-title">
      <div className="panel-head">
        <h2 id="guidelines-title">{t('guidelines.title', { version: task.ontologyVersion })}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
      {text ? <div className="guidelines-text">{text}</div> : <p className="muted">{t('guidelines.none')}</p>}
      {examples.length > 0 && (
        <>
          <h3>{t('guidelines.examples')}</h3>
          <ul className="examples">
            {examples.map((e, i) => (
              <li key={i}>
                <blockquote>{e.content}</blockquote>
                <p>
                  → <code>{JSON.stringify(e.answer)}</code>
                </p>
                {e.explanation && <p className="muted">{t('guidelines.explanation', { text: e.explanation })}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
