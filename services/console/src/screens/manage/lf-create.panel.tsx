import { useEffect, useState, type FormEvent } from 'react';
import { labelingFunctions, type LabelingFunctionDefinition } from '../../api/labeling-functions-client';
import type { OntologyQuestion } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import { RequestError, listOf } from './field-errors';

type Kind = 'keywords' | 'regex' | 'length';
const KINDS: Kind[] = ['keywords', 'regex', 'length'];

/**
 * Creates a keywords, regex or length LF for one question of the project's ontology, voting one
 * of its options. Prelabel validates the definition; its 400 names each field, shown as text.
 */
export function LfCreatePanel({ projectId, questions, onCreated }: { projectId: string; questions: OntologyQuestion[]; onCreated(message: string): void }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? '');
  const [kind, setKind] = useState<Kind>('keywords');
  const [votes, setVotes] = useState('');
  const [keywords, setKeywords] = useState('');
  const [pattern, setPattern] = useState('');
  const [flags, setFlags] = useState('');
  const [unit, setUnit] = useState<'chars' | 'words'>('words');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const question = questions.find((q) => q.id === questionId);
  useEffect(() => {
    if (!question?.options.some((o) => o.id === votes)) setVotes(question?.options[0]?.id ?? '');
  }, [question, votes]);

  const definition = (): LabelingFunctionDefinition => {
    const common = { id: id.trim(), question_id: questionId, votes };
    if (kind === 'keywords') return { ...common, kind, keywords: listOf(keywords) };
    if (kind === 'regex') return { ...common, kind, pattern, ...(flags.trim() ? { flags: flags.trim() } : {}) };
    return { ...common, kind, unit, ...(min.trim() ? { min: Number(min) } : {}), ...(max.trim() ? { max: Number(max) } : {}) };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const saved = await labelingFunctions.create(projectId, definition());
      const vars = { id: saved.id, version: saved.version };
      onCreated(saved.backfill ? t('lf.created', { ...vars, items: saved.backfill.items, votes: saved.backfill.votes }) : t('lf.createdNoBackfill', vars));
      setId('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="lf-create-title">
      <h2 id="lf-create-title">{t('lf.create')}</h2>
      <RequestError error={error} />
      <div className="form-row">
        <label>
          {t('lf.id')}
          <input value={id} onChange={(e) => setId(e.target.value)} required maxLength={128} />
        </label>
        <label>
          {t('lf.question')}
          <select value={questionId} onChange={(e) => setQuestionId(e.target.value)}>
            {questions.map((q) => (
              <option key={q.id} value={q.id}>
                {q.prompt ? `${q.id} — ${q.prompt}` : q.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('lf.votes')}
          <select value={votes} onChange={(e) => setVotes(e.target.value)}>
            {question?.options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label && o.label !== o.id ? `${o.id} — ${o.label}` : o.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('lf.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`lf.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {kind === 'keywords' && (
        <label>
          {t('lf.keywords')}
          <input value={keywords} onChange={(e) => setKeywords(e.target.value)} />
        </label>
      )}
      {kind === 'regex' && (
        <div className="form-row">
          <label>
            {t('lf.pattern')}
            <input value={pattern} onChange={(e) => setPattern(e.target.value)} spellCheck={false} />
          </label>
          <label>
            {t('lf.flags')}
            <input value={flags} onChange={(e) => setFlags(e.target.value)} spellCheck={false} />
          </label>
        </div>
      )}
      {kind === 'length' && (
        <div className="form-row">
          <label>
            {t('lf.unit')}
            <select value={unit} onChange={(e) => setUnit(e.target.value as 'chars' | 'words')}>
              <option value="words">{t('lf.unit.words')}</option>
              <option value="chars">{t('lf.unit.chars')}</option>
            </select>
          </label>
          <label>
            {t('lf.min')}
            <input type="number" min={0} step={1} value={min} onChange={(e) => setMin(e.target.value)} />
          </label>
          <label>
            {t('lf.max')}
            <input type="number" min={0} step={1} value={max} onChange={(e) => setMax(e.target.value)} />
          </label>
        </div>
      )}
      <button type="submit" disabled={busy}>
        {t('lf.save')}
      </button>
    </form>
  );
}
