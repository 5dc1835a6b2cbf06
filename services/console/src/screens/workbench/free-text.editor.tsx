import { useEffect, useRef } from 'react';
import type { Answer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import type { EditorProps } from './editor';

type FreeTextAnswer = Extract<Answer, { freeText: unknown }>;

export function FreeTextEditor({ task, value, onChange, keys }: EditorProps<FreeTextAnswer>) {
  const { t } = useI18n();
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    area.current?.focus();
    keys.current = null;
  }, [task.taskId, keys]);
  return (
    <label className="free-text">
      {t('work.textAnswer')}
      <textarea ref={area} rows={4} value={value.freeText.text} onChange={(e) => onChange({ freeText: { text: e.target.value } })} />
    </label>
  );
}
