import { useState } from 'react';
import { labelingFunctions, votesOf } from '../../api/labeling-functions-client';
import { manage, ontologies } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { shortId } from '../answer-text';
import { RequestError } from './field-errors';
import { LfAnalysisPanel } from './lf-analysis.panel';
import { LfCreatePanel } from './lf-create.panel';

/** The project's current ontology: the single-choice questions with options an LF can vote on. */
async function votableQuestions(projectId: string) {
  const project = await manage.project(projectId);
  if (project.currentOntologyVersion === null) return { project, questions: [] };
  const ontology = await ontologies.get(projectId, project.currentOntologyVersion);
  return { project, questions: ontology.questions.filter((q) => q.type === 'single_choice' && q.options.length > 0) };
}

/** Labeling functions (issue #14): list, create, retire, and their analysis per version. */
export function LabelingFunctionsScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const context = useAsync(() => votableQuestions(projectId), [projectId]);
  const list = useAsync(() => labelingFunctions.list(projectId), [projectId]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const questions = context.data?.questions ?? [];

  const changed = (m: string) => {
    setMessage(m);
    list.reload();
    setRefreshKey((k) => k + 1);
  };
  const retire = async (id: string) => {
    setError(null);
    setMessage(null);
    try {
      await labelingFunctions.retire(projectId, id);
      changed(t('lf.retiredDone', { id }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="lf-title" className="manage">
      <h1 id="lf-title">{t('lf.title', { project: context.data?.project.name ?? projectId })}</h1>
      <p className="muted">{t('lf.intro')}</p>
      <div aria-live="polite">
        {message && (
          <p role="status" className="info">
            {message}
          </p>
        )}
      </div>
      <RequestError error={error ?? list.error ?? context.error} />
      {(context.loading || list.loading) && !list.data && <p>{t('common.loading')}</p>}
      {list.data?.length === 0 && <p>{t('lf.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="table" data-testid="lf-list">
          <thead>
            <tr>
              <th scope="col">{t('lf.id')}</th>
              <th scope="col">{t('lf.kind')}</th>
              <th scope="col">{t('lf.question')}</th>
              <th scope="col">{t('lf.votes')}</th>
              <th scope="col">{t('lf.version')}</th>
              <th scope="col">{t('lf.owner')}</th>
              <th scope="col">{t('lf.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('lf.retire')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((lf) => (
              <tr key={lf.id}>
                <td>
                  <code>{lf.id}</code>
                </td>
                <td>{lf.kind}</td>
                <td>{lf.question_id}</td>
                <td>{votesOf(lf)}</td>
                <td>{lf.version}</td>
                <td>
                  <code title={lf.owner}>{shortId(lf.owner)}</code>
                </td>
                <td>
                  {lf.retiredAt ? t('lf.retired', { at: new Date(lf.retiredAt).toLocaleString() }) : lf.votesAutomatically ? t('lf.active') : t('lf.storedOnly')}
                </td>
                <td>
                  {!lf.retiredAt && (
                    <button type="button" className="secondary" aria-label={t('lf.retireLabel', { id: lf.id })} onClick={() => void retire(lf.id)}>
                      {t('lf.retire')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {context.data && questions.length === 0 && <p role="alert">{t('lf.noQuestion')}</p>}
      {questions.length > 0 && (
        <>
          <LfCreatePanel projectId={projectId} questions={questions} onCreated={changed} />
          <LfAnalysisPanel projectId={projectId} questions={questions} refreshKey={refreshKey} />
        </>
      )}
    </section>
  );
}
