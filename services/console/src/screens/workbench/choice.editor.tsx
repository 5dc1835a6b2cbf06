import { useEffect } from 'react';
import type { Answer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { digitIndex, type EditorProps } from './editor';

type ChoiceAnswer = Extract<Answer, { choice: unknown }>;

export function ChoiceEditor({ task, value, onChange, keys }: EditorProps<ChoiceAnswer>) {
  const { t } = useI18n();
  const q = task.question;
  const multiple = q.type === 'multiple_choice';
  const selected = value.choice.optionIds;

  const toggle = (optionId: string) => {
    if (!multiple) return onChange({ choice: { optionIds: [optionId] } });
    const next = selected.includes(optionId) ? selected.filter((o) => o !== optionId) : [...selected, optionId];
    onChange({ choice: { optionIds: next } });
  };

  useEffect(() => {
    keys.current = (e) => {
      const i = digitIndex(e);
      if (i < 0 || i >= q.options.length) return false;
      toggle(q.options[i].id);
      return true;
    };
    return () => {
      keys.current = null;
    };
  });

  return (
    <fieldset className="choices">
      <legend>{t('work.options')}</legend>
      {q.options.map((o, i) => (
        <label key={o.id} className={`choice${selected.includes(o.id) ? ' chosen' : ''}`}>
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={`q-${task.taskId}`}
            value={o.id}
            checked={selected.includes(o.id)}
            onChange={() => toggle(o.id)}
          />
          <kbd aria-hidden="true">{i < 9 ? i + 1 : ''}</kbd>
          <span className="choice-label">{o.label}</span>
          {o.description && <span className="choice-description">{o.description}</span>}
        </label>
      ))}
    </fieldset>
  );
}
