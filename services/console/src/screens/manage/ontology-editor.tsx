import type { OntologyDraft, OntologyQuestion } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import { listOf } from './field-errors';

const TYPES = ['single_choice', 'multiple_choice', 'free_text', 'text_span', 'time_segment', 'box'];
type ContentType = OntologyQuestion['contentTypes'][number];

/** A structured editor for a draft: guidelines, examples, questions with options and conditions. */
export function OntologyEditor({ value, onChange, readOnly }: { value: OntologyDraft; onChange(d: OntologyDraft): void; readOnly: boolean }) {
  const { t } = useI18n();
  const qs = value.questions;
  const setQ = (i: number, q: Partial<OntologyQuestion>) => onChange({ ...value, questions: qs.map((x, j) => (j === i ? { ...x, ...q } : x)) });
  const examples = value.guidelines.examples ?? [];
  const setExamples = (ex: typeof examples) => onChange({ ...value, guidelines: { ...value.guidelines, examples: ex } });

  return (
    <fieldset disabled={readOnly} className="ontology-editor">
      <label>
        {t('ont.guidelines')}
        <textarea rows={5} value={value.guidelines.text ?? ''} onChange={(e) => onChange({ ...value, guidelines: { ...value.guidelines, text: e.target.value } })} />
      </label>
      <h3>{t('ont.questions')}</h3>
      {qs.map((q, i) => (
        <fieldset key={i} className="card question-editor">
          <legend>
            {i + 1}. {q.id || '…'}
          </legend>
          <div className="form-row">
            <label>
              {t('ont.qid')}
              <input required value={q.id} onChange={(e) => setQ(i, { id: e.target.value })} />
            </label>
            <label>
              {t('ont.type')}
              <select value={q.type} onChange={(e) => setQ(i, { type: e.target.value })}>
                {TYPES.map((ty) => (
                  <option key={ty}>{ty}</option>
                ))}
              </select>
            </label>
            <label className="inline">
              <input type="checkbox" checked={q.required} onChange={(e) => setQ(i, { required: e.target.checked })} /> {t('ont.required')}
            </label>
          </div>
          <label>
            {t('ont.prompt')}
            <input required value={q.prompt} onChange={(e) => setQ(i, { prompt: e.target.value })} />
          </label>
          <label>
            {t('ont.qContentTypes')}
            <input value={q.contentTypes.join(', ')} onChange={(e) => setQ(i, { contentTypes: listOf(e.target.value) as ContentType[] })} />
          </label>
          <div className="form-row">
            <label>
              {t('ont.condition')}
              <select
                value={q.condition?.questionId ?? ''}
                onChange={(e) => setQ(i, { condition: e.target.value ? { questionId: e.target.value, anyOf: q.condition?.anyOf ?? [] } : undefined })}
              >
                <option value="">—</option>
                {qs.slice(0, i).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.id}
                  </option>
                ))}
              </select>
            </label>
            {q.condition && (
              <label>
                {t('ont.conditionAnyOf')}
                <input value={q.condition.anyOf.join(', ')} onChange={(e) => setQ(i, { condition: { questionId: q.condition!.questionId, anyOf: listOf(e.target.value) } })} />
              </label>
            )}
          </div>
          <h4>{t('ont.options')}</h4>
          {q.options.map((o, k) => (
            <div key={k} className="form-row">
              <label>
                {t('ont.optId')}
                <input required value={o.id} onChange={(e) => setQ(i, { options: q.options.map((x, j) => (j === k ? { ...x, id: e.target.value } : x)) })} />
              </label>
              <label>
                {t('ont.optLabel')}
                <input required value={o.label} onChange={(e) => setQ(i, { options: q.options.map((x, j) => (j === k ? { ...x, label: e.target.value } : x)) })} />
              </label>
              <label>
                {t('ont.optDescription')}
                <input value={o.description} onChange={(e) => setQ(i, { options: q.options.map((x, j) => (j === k ? { ...x, description: e.target.value } : x)) })} />
              </label>
              <button type="button" className="link" onClick={() => setQ(i, { options: q.options.filter((_, j) => j !== k) })}>
                {t('ont.removeOption')}
              </button>
            </div>
          ))}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setQ(i, { options: [...q.options, { id: '', label: '', description: '' }] })}>
              {t('ont.addOption')}
            </button>
            <button type="button" className="secondary" onClick={() => onChange({ ...value, questions: qs.filter((_, j) => j !== i) })}>
              {t('ont.removeQuestion')}
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange({ ...value, questions: [...qs, { id: '', type: 'single_choice', prompt: '', options: [], required: true, contentTypes: [] }] })}
      >
        {t('ont.addQuestion')}
      </button>
      <h3>{t('ont.examples')}</h3>
      {examples.map((ex, i) => (
        <fieldset key={i} className="card">
          <legend>{i + 1}</legend>
          <label>
            {t('ont.exampleContent')}
            <textarea rows={2} value={ex.content} onChange={(e) => setExamples(examples.map((x, j) => (j === i ? { ...x, content: e.target.value } : x)))} />
          </label>
          <label>
            {t('ont.exampleQuestion')}
            <select value={ex.questionId} onChange={(e) => setExamples(examples.map((x, j) => (j === i ? { ...x, questionId: e.target.value } : x)))}>
              {qs.map((q) => (
                <option key={q.id}>{q.id}</option>
              ))}
            </select>
          </label>
          <label>
            {t('ont.exampleAnswer')}
            <input
              defaultValue={JSON.stringify(ex.answer)}
              onBlur={(e) => {
                try {
                  const answer = JSON.parse(e.target.value);
                  setExamples(examples.map((x, j) => (j === i ? { ...x, answer } : x)));
                } catch {
                  e.target.setCustomValidity('JSON');
                }
              }}
            />
          </label>
          <label>
            {t('ont.exampleExplanation')}
            <input value={ex.explanation ?? ''} onChange={(e) => setExamples(examples.map((x, j) => (j === i ? { ...x, explanation: e.target.value } : x)))} />
          </label>
        </fieldset>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => setExamples([...examples, { content: '', questionId: qs[0]?.id ?? '', answer: { choice: [qs[0]?.options[0]?.id ?? ''] }, explanation: '' } as never])}
      >
        {t('ont.addExample')}
      </button>
    </fieldset>
  );
}
