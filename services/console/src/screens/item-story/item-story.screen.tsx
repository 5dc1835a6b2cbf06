import { useMemo } from 'react';
import { ApiError } from '../../api/http';
import { storyApi, type LabelAudit, type OntologyQuestion, type OntologyVersionFull } from '../../api/item-story-client';
import type { Option } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';
import { useAsync } from '../../lib/use-async';
import { Link } from '../../shell/router';
import { answerText } from '../answer-text';
import { formatDateTime, formatMs, formatShare, formatStat } from '../dashboard/format';
import { errorText } from '../dashboard/ui';
import { currentOntology, optionsOf, storyOf, type StoryStep } from './story';
import '../dashboard/dashboard.css';
import './item-story.css';

/** One item's story: for every question of the current ontology, how its label was made, step by step. */
export function ItemStoryScreen({ projectId, itemId }: { projectId: string; itemId: string }) {
  const { t } = useI18n();
  const project = useAsync(() => storyApi.project(projectId), [projectId]);
  const ontologies = useAsync(() => storyApi.ontologies(projectId), [projectId]);
  // The project names its current version; without it (still loading counts: wait), the latest published.
  const ontology = useMemo(
    () => (ontologies.data && !project.loading ? currentOntology(ontologies.data, project.data?.currentOntologyVersion) : null),
    [ontologies.data, project.loading, project.data],
  );
  const questions = ontology?.questions ?? [];
  const dashboard = `/projects/${encodeURIComponent(projectId)}/dashboard`;

  return (
    <div className="item-story">
      <h1>
        {t('story.title')} <code className="item-id">{itemId}</code>
      </h1>
      <p className="muted">
        {t('story.intro', { project: project.data?.name ?? projectId })} <Link to={dashboard}>{t('story.backToDashboard')}</Link>
      </p>
      {(ontologies.loading || project.loading) && <p className="muted">{t('common.loading')}</p>}
      {ontologies.error !== undefined && (
        <p role="alert" className="error">
          {t('story.ontologyFailed', { message: errorText(ontologies.error, t) })}
        </p>
      )}
      {ontologies.data && !ontology && <p>{t('story.noOntology')}</p>}
      {ontology && (
        <>
          <p className="muted">{t('story.ontologyVersion', { version: ontology.version, n: questions.length })}</p>
          {questions.length > 1 && (
            <nav aria-label={t('story.questions')} className="dash-toc">
              {questions.map((q) => (
                <a key={q.id} href={`#story-${cssId(q.id)}`}>
                  {q.prompt || q.id}
                </a>
              ))}
            </nav>
          )}
          {questions.map((q) => (
            <QuestionStory key={q.id} projectId={projectId} itemId={itemId} question={q} ontologies={ontologies.data ?? []} />
          ))}
        </>
      )}
    </div>
  );
}

/** An id safe in an HTML id attribute and a fragment (question ids are free-form). */
function cssId(id: string): string {
  return Array.from(id, (c) => (/[A-Za-z0-9_-]/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}`)).join('');
}

function QuestionStory({ projectId, itemId, question, ontologies }: { projectId: string; itemId: string; question: OntologyQuestion; ontologies: OntologyVersionFull[] }) {
  const { t, locale } = useI18n();
  const audit = useAsync(() => storyApi.audit(projectId, itemId, question.id), [projectId, itemId, question.id]);
  const a = audit.data;
  const steps = useMemo(() => (a ? storyOf(a) : []), [a]);
  const id = `story-${cssId(question.id)}`;
  const notFound = audit.error instanceof ApiError && audit.error.status === 404;
  const current = a?.versions.find((v) => v.labelVersion === a.currentVersion) ?? null;
  const options = (labelVersion: number): Option[] => {
    const ov = a?.versions.find((v) => v.labelVersion === labelVersion)?.ontologyVersion ?? current?.ontologyVersion ?? 0;
    return optionsOf(ontologies, ov, question.id).map((o) => ({ id: o.id, label: o.label, description: o.description }));
  };

  return (
    <section aria-labelledby={`${id}-title`} className="card story-question" id={id}>
      <h2 id={`${id}-title`}>
        {question.prompt || question.id} <code className="muted">{question.id}</code>
      </h2>
      {audit.loading && <p className="muted">{t('common.loading')}</p>}
      {notFound && <p className="muted">{t('story.noLabel')}</p>}
      {audit.error !== undefined && !notFound && (
        <p role="alert" className="error">
          {t('story.auditFailed', { message: errorText(audit.error, t) })}
        </p>
      )}
      {a && current && (
        <>
          <p className="current-label">
            {t('story.current', {
              label: labelText(current.label, current.labelEvent, options(current.labelVersion)),
              version: current.labelVersion,
              confidence: formatShare(current.confidence, locale),
            })}{' '}
            {current.gold && <span className="tag badge-gold">{t('story.gold')}</span>} {current.adjudicated && <span className="tag badge">{t('story.adjudicated')}</span>}{' '}
            {current.status === 'excluded' && <span className="tag badge-excluded">{t('story.excluded')}</span>}
          </p>
          <MissingLinks audit={a} />
          <ol className="story-timeline">
            {steps.map((s, i) => (
              <Step key={`${s.kind}-${i}`} step={s} options={options} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function labelText(label: string, labelEvent: unknown, options: Option[]): string {
  if (label) return options.find((o) => o.id === label)?.label ?? label;
  return answerText((labelEvent as { answer?: unknown } | null)?.answer ?? null, options);
}

function MissingLinks({ audit }: { audit: LabelAudit }) {
  const { t } = useI18n();
  if (audit.chain.missing.length === 0) return <p className="info">{t('story.fullyTraced')}</p>;
  return (
    <details className="missing">
      <summary>{t('story.missing', { n: audit.chain.missing.length })}</summary>
      <ul>
        {audit.chain.missing.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </details>
  );
}

const KIND: Record<StoryStep['kind'], MessageKey> = {
  content: 'story.kind.content',
  item: 'story.kind.item',
  task: 'story.kind.task',
  answer: 'story.kind.answer',
  verdict: 'story.kind.verdict',
  feedback: 'story.kind.feedback',
  label: 'story.kind.label',
  release: 'story.kind.release',
};

const SOURCE: Record<string, MessageKey> = {
  human: 'story.source.human',
  machine: 'story.source.machine',
  expert: 'story.source.expert',
  feedback: 'story.source.feedback',
  unspecified: 'story.source.unspecified',
};

const METHOD: Record<string, MessageKey> = {
  majority_vote: 'story.method.majority_vote',
  weighted_majority_vote: 'story.method.weighted_majority_vote',
  dawid_skene: 'story.method.dawid_skene',
  mace: 'story.method.mace',
  machine_auto_accept: 'story.method.machine_auto_accept',
  weak_supervision: 'story.method.weak_supervision',
  adjudication: 'story.method.adjudication',
  ontology_migration: 'story.method.ontology_migration',
};

const MIGRATION: Record<string, MessageKey> = { rename: 'story.migration.rename', merge: 'story.migration.merge', split: 'story.migration.split' };

const TIER: Record<string, MessageKey> = { expert: 'story.tier.expert', project_manager: 'story.tier.project_manager' };
const FEEDBACK: Record<string, MessageKey> = {
  user_correction: 'story.feedback.user_correction',
  moderator_override: 'story.feedback.moderator_override',
  other: 'story.feedback.other',
};

function Step({ step, options }: { step: StoryStep; options(labelVersion: number): Option[] }) {
  const { t, locale } = useI18n();
  const version = 'version' in step ? step.version : step.kind === 'answer' ? step.versions[0] : null;
  return (
    <li className={`step step-${step.kind}`}>
      <div className="step-head">
        <span className="step-kind">{t(KIND[step.kind])}</span>
        {step.at && <time dateTime={step.at}>{formatDateTime(step.at, locale)}</time>}
        {step.kind === 'answer' && <span className="muted">{t('story.inVersions', { versions: step.versions.map((v) => `v${v}`).join(', ') })}</span>}
        {step.kind !== 'answer' && version !== null && <span className="muted">{t('story.forVersion', { version })}</span>}
      </div>
      <StepBody step={step} options={options} />
    </li>
  );
}

function Id({ label, value }: { label: MessageKey; value: string | null | undefined }) {
  const { t } = useI18n();
  if (!value) return null;
  return (
    <li>
      {t(label)} <code>{value}</code>
    </li>
  );
}

function StepBody({ step, options }: { step: StoryStep; options(labelVersion: number): Option[] }) {
  const { t, locale } = useI18n();
  switch (step.kind) {
    case 'content':
      return (
        <>
          <p>
            {step.source || step.sourceId
              ? t('story.contentFrom', { source: step.source ?? '—', sourceId: step.sourceId ?? '—', type: step.contentType ?? '—' })
              : t('story.contentUnknown')}
          </p>
          <ul className="ids">
            <Id label="story.sha256" value={step.sha256} />
            {step.eventIds.map((e) => (
              <Id key={e} label="story.contentEvent" value={e} />
            ))}
          </ul>
        </>
      );
    case 'item':
      return (
        <ul className="ids">
          <Id label="story.itemId" value={step.itemId} />
          <Id label="story.itemEvent" value={step.eventId} />
        </ul>
      );
    case 'task':
      return (
        <ul className="ids">
          <Id label="story.taskId" value={step.taskId} />
          <Id label="story.taskEvent" value={step.eventId} />
        </ul>
      );
    case 'answer':
      return (
        <>
          <p>
            {t('story.answered', { who: step.annotatorId || '—', source: t(SOURCE[step.source]) })} <strong className="answer">{answerText(step.answer, options(step.versions[0]))}</strong>
          </p>
          <ul className="facts">
            {step.source === 'human' && <li>{t('story.timeSpent', { time: formatMs(step.timeSpentMs, locale) })}</li>}
            {step.source === 'human' && <li>{step.draftShown ? t('story.draftShown') : t('story.noDraft')}</li>}
            {step.reliability !== null && <li>{t('story.reliability', { value: formatStat(step.reliability, locale) })}</li>}
            {step.weight !== null && <li>{t('story.weight', { value: formatStat(step.weight, locale) })}</li>}
            {step.model && (
              <li>
                {t('story.model', {
                  model: step.model.modelId,
                  version: step.model.modelVersion ?? '—',
                  backend: step.model.backend ?? '—',
                  prompt: step.model.promptVersion ?? t('story.noPrompt'),
                })}
                {step.model.confidence !== null && (
                  <>
                    {' '}
                    {t('story.confidences', {
                      raw: formatShare(step.model.confidence, locale),
                      calibrated: step.model.calibratedConfidence === null ? '—' : formatShare(step.model.calibratedConfidence, locale),
                    })}
                  </>
                )}
              </li>
            )}
          </ul>
          <ul className="ids">
            <Id label="story.annotationId" value={step.annotationId} />
            <Id label="story.annotationEvent" value={step.eventId} />
            <Id label="story.prelabelEvent" value={step.prelabelEventId} />
          </ul>
        </>
      );
    case 'verdict':
      return (
        <>
          <p>
            {t('story.verdictBy', { who: step.adjudicatorId || '—', tier: step.tier ? (TIER[step.tier] ? t(TIER[step.tier]) : step.tier) : '—' })} <strong className="answer">{answerText(step.answer, options(step.version))}</strong>
          </p>
          <ul className="facts">
            {step.confidence !== null && <li>{t('story.verdictConfidence', { value: formatShare(step.confidence, locale) })}</li>}
            {step.goldCandidate && <li>{t('story.goldCandidate')}</li>}
          </ul>
          {step.note && (
            <>
              <p className="sub">{t('story.note')}</p>
              <blockquote className="note">{step.note}</blockquote>
            </>
          )}
          <ul className="ids">
            <Id label="story.requestId" value={step.requestId} />
          </ul>
        </>
      );
    case 'feedback':
      return (
        <>
          <p>
            {t('story.feedbackFrom', { source: step.source ? (FEEDBACK[step.source] ? t(FEEDBACK[step.source]) : step.source) : '—', detail: step.sourceDetail || '—' })} <strong className="answer">{answerText(step.answer, options(step.version))}</strong>
          </p>
          <ul className="ids">
            <Id label="story.feedbackId" value={step.feedbackId} />
          </ul>
        </>
      );
    case 'label':
      return (
        <>
          <p>
            {t('story.labelVersion', { version: step.version, label: labelText(step.label, { answer: step.answer }, options(step.version)) })}{' '}
            {step.current && <span className="tag badge">{t('story.currentTag')}</span>} {step.gold && <span className="tag badge-gold">{t('story.gold')}</span>}{' '}
            {step.status === 'excluded' && <span className="tag badge-excluded">{t('story.excluded')}</span>}
          </p>
          <ul className="facts">
            <li>
              {t('story.aggregation', { method: step.method ? (METHOD[step.method] ? t(METHOD[step.method]) : step.method) : '—' })}
              {step.parameters.length > 0 && <> ({step.parameters.map(([k, v]) => `${k} = ${v}`).join(', ')})</>}
            </li>
            {step.agreement && (
              <li>
                {t('story.agreement', {
                  value: step.agreement.pairwise === null ? '—' : formatShare(step.agreement.pairwise, locale),
                  n: step.agreement.answerCount,
                })}
              </li>
            )}
            <li>{t('story.labelConfidence', { value: formatShare(step.confidence, locale), ontology: step.ontologyVersion })}</li>
            {step.migration && (
              <li>
                {t(step.migration.fromLabelVersion === null ? 'story.migratedOnArrival' : 'story.migrated', {
                  from: step.migration.fromOntologyVersion ?? '?',
                  to: step.migration.toOntologyVersion ?? '?',
                  version: step.migration.fromLabelVersion ?? '?',
                  label: step.migration.fromLabel ?? '—',
                })}
                {step.migration.entries.length > 0 && (
                  <ul>
                    {step.migration.entries.map((e, i) => (
                      <li key={i}>
                        {t(MIGRATION[e.kind ?? ''] ?? 'story.migration.other', { from: e.from.join(', '), to: e.to.join(', ') })}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            )}
            {step.decidedAt && <li>{t('story.decidedAt', { at: formatDateTime(step.decidedAt, locale) })}</li>}
          </ul>
          {step.decisions.length > 0 && (
            <>
              <p className="sub">{t('story.decisions')}</p>
              <ul className="decisions">
                {step.decisions.map((d) => (
                  <li key={d.decisionEventId}>
                    {t('story.decision', { producer: d.producer, outcome: d.outcome, at: formatDateTime(d.receivedAt, locale) })} <code>{d.decisionEventId}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
          <ul className="ids">
            <Id label="story.labelEvent" value={step.eventId} />
            <Id label="story.projectEvent" value={step.migration?.projectEventId} />
          </ul>
        </>
      );
    case 'release':
      return (
        <>
          <p>{t('story.shippedIn', { name: step.name })}</p>
          <ul className="ids">
            <Id label="story.releaseId" value={step.releaseId} />
            <Id label="story.location" value={step.location} />
          </ul>
        </>
      );
  }
}
