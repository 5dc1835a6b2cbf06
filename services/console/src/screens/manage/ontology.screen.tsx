import { useEffect, useState } from 'react';
import { manage, ontologies, type MigrationEntry, type OntologyDiff, type OntologyDraft } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';
import { useAsync } from '../../lib/use-async';
import { RequestError, listOf } from './field-errors';
import { OntologyEditor } from './ontology-editor';

const draftOf = (v: { guidelines: OntologyDraft['guidelines']; questions: OntologyDraft['questions'] }): OntologyDraft => ({
  guidelines: structuredClone(v.guidelines),
  questions: structuredClone(v.questions),
});

const FIRST_DRAFT: OntologyDraft = {
  guidelines: { text: '', examples: [] },
  questions: [{ id: '', type: 'single_choice', prompt: '', options: [], required: true, contentTypes: [] }],
};

/** Versions of the project's ontology: edit the draft, compare versions, publish with a migration map. */
export function OntologyScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const project = useAsync(() => manage.project(projectId), [projectId]);
  const versions = useAsync(() => ontologies.list(projectId), [projectId]);
  const [selected, setSelected] = useState<number | null>(null);
  const [draft, setDraft] = useState<OntologyDraft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [relabel, setRelabel] = useState<'keep' | 'relabel' | 'exclude'>('keep');
  const [migrations, setMigrations] = useState<MigrationEntry[]>([]);
  const [diffPair, setDiffPair] = useState<[number, number] | null>(null);
  const [diff, setDiff] = useState<OntologyDiff | null>(null);

  const list = versions.data ?? [];
  const current = list.find((v) => v.version === selected) ?? null;
  const published = list.filter((v) => v.status === 'published');

  useEffect(() => {
    if (selected === null && list.length > 0) setSelected(list[list.length - 1].version);
  }, [list, selected]);
  useEffect(() => {
    if (current) setDraft(draftOf(current));
    else if (versions.data && versions.data.length === 0) setDraft(FIRST_DRAFT);
  }, [current, versions.data]);

  const run = async (f: () => Promise<string | void>) => {
    setError(null);
    setMessage(null);
    try {
      const m = await f();
      if (m) setMessage(m);
      versions.reload();
    } catch (err) {
      setError(err);
    }
  };

  const startNext = () =>
    run(async () => {
      const created = await ontologies.createDraft(projectId, draftOf(current ?? { guidelines: { text: '', examples: [] } as never, questions: [] }));
      setSelected(created.version);
    });
  const save = () =>
    run(async () => {
      if (selected === null) setSelected((await ontologies.createDraft(projectId, draft!)).version);
      else await ontologies.saveDraft(projectId, selected, draft!);
      return t('ont.savedMsg');
    });
  const publish = () =>
    run(async () => {
      await ontologies.saveDraft(projectId, selected!, draft!);
      const isFirst = published.length === 0;
      await ontologies.publish(projectId, selected!, isFirst ? {} : { relabelPolicy: relabel, ...(migrations.length ? { migrations } : {}) });
      setMigrations([]);
      return t('ont.publishedMsg', { version: selected! });
    });
  const showDiff = () =>
    run(async () => {
      if (!diffPair) return;
      setDiff(await ontologies.diff(projectId, diffPair[0], diffPair[1]));
    });

  return (
    <section aria-labelledby="ont-title" className="manage">
      <h1 id="ont-title">{t('ont.title', { project: project.data?.name ?? projectId })}</h1>
      <div className="ontology-layout">
        <nav aria-labelledby="versions-title" className="card">
          <h2 id="versions-title">{t('ont.versions')}</h2>
          <ul className="versions">
            {list.map((v) => (
              <li key={v.version}>
                <button type="button" className={v.version === selected ? '' : 'secondary'} aria-pressed={v.version === selected} onClick={() => setSelected(v.version)}>
                  {t('ont.version', { version: v.version })} · {v.status === 'draft' ? t('ont.draft') : t('ont.published', { at: new Date(v.publishedAt!).toLocaleDateString() })}
                </button>
              </li>
            ))}
          </ul>
          {list.length > 0 && !list.some((v) => v.status === 'draft') && (
            <button type="button" onClick={() => void startNext()}>
              {t('ont.newDraft')}
            </button>
          )}
        </nav>
        <div>
          <div aria-live="polite">
            {message && (
              <p role="status" className="info">
                {message}
              </p>
            )}
          </div>
          <RequestError error={error} />
          {!current && draft && list.length === 0 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <h2>{t('ont.version', { version: 1 })}</h2>
              <OntologyEditor value={draft} onChange={setDraft} readOnly={false} />
              <div className="actions">
                <button type="submit">{t('ont.save')}</button>
              </div>
            </form>
          )}
          {current && draft && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <h2>{t('ont.viewing', { version: current.version, status: current.status === 'draft' ? t('ont.draft') : current.status })}</h2>
              {current.status !== 'draft' && <p className="muted">{t('ont.readOnly')}</p>}
              <OntologyEditor value={draft} onChange={setDraft} readOnly={current.status !== 'draft'} />
              {current.status === 'draft' && (
                <>
                  <div className="actions">
                    <button type="submit">{t('ont.save')}</button>
                  </div>
                  {published.length > 0 && (
                    <fieldset className="card">
                      <legend>{t('ont.publish')}</legend>
                      <label>
                        {t('ont.relabelPolicy')}
                        <select value={relabel} onChange={(e) => setRelabel(e.target.value as typeof relabel)}>
                          {(['keep', 'relabel', 'exclude'] as const).map((r) => (
                            <option key={r} value={r}>
                              {t(`ont.relabel.${r}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      </label>
                      <h3>{t('ont.migrations')}</h3>
                      {migrations.map((m, i) => (
                        <div key={i} className="form-row">
                          <label>
                            {t('ont.exampleQuestion')}
                            <select value={m.questionId} onChange={(e) => setMigrations(migrations.map((x, j) => (j === i ? { ...x, questionId: e.target.value } : x)))}>
                              {draft.questions.map((q) => (
                                <option key={q.id}>{q.id}</option>
                              ))}
                            </select>
                          </label>
                          <label>
                            {t('ont.kind')}
                            <select value={m.kind} onChange={(e) => setMigrations(migrations.map((x, j) => (j === i ? { ...x, kind: e.target.value as MigrationEntry['kind'] } : x)))}>
                              {(['rename', 'merge', 'split'] as const).map((k) => (
                                <option key={k} value={k}>
                                  {t(`ont.kind.${k}` as MessageKey)}
                                </option>
                              ))}
                            </select>
                          </label>
                          <label>
                            {t('ont.from')}
                            <input value={m.from.join(', ')} onChange={(e) => setMigrations(migrations.map((x, j) => (j === i ? { ...x, from: listOf(e.target.value) } : x)))} />
                          </label>
                          <label>
                            {t('ont.to')}
                            <input value={m.to.join(', ')} onChange={(e) => setMigrations(migrations.map((x, j) => (j === i ? { ...x, to: listOf(e.target.value) } : x)))} />
                          </label>
                          <button type="button" className="link" onClick={() => setMigrations(migrations.filter((_, j) => j !== i))}>
                            {t('manage.remove')}
                          </button>
                        </div>
                      ))}
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setMigrations([...migrations, { questionId: draft.questions[0]?.id ?? '', kind: 'rename', from: [], to: [] }])}
                      >
                        {t('ont.addMigration')}
                      </button>
                    </fieldset>
                  )}
                  <div className="actions">
                    <button type="button" onClick={() => void publish()}>
                      {t('ont.publish')}
                    </button>
                  </div>
                </>
              )}
            </form>
          )}
          {list.length >= 2 && (
            <section className="card" aria-labelledby="diff-title">
              <h2 id="diff-title">{t('ont.diff')}</h2>
              <div className="form-row">
                {[0, 1].map((k) => (
                  <label key={k}>
                    {t('ont.version', { version: k === 0 ? 'A' : 'B' })}
                    <select
                      value={diffPair?.[k] ?? ''}
                      onChange={(e) => {
                        const pair = [...(diffPair ?? [list[0].version, list[list.length - 1].version])] as [number, number];
                        pair[k] = Number(e.target.value);
                        setDiffPair(pair);
                      }}
                    >
                      <option value="">—</option>
                      {list.map((v) => (
                        <option key={v.version} value={v.version}>
                          {v.version}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
                <button type="button" className="secondary" onClick={() => void showDiff()} disabled={!diffPair}>
                  {t('ont.diffShow')}
                </button>
              </div>
              {diff && <DiffView diff={diff} />}
            </section>
          )}
        </div>
      </div>
    </section>
  );
}

function DiffView({ diff }: { diff: OntologyDiff }) {
  const { t } = useI18n();
  const q = diff.questions;
  const none = !diff.guidelinesChanged && q.added.length === 0 && q.removed.length === 0 && q.changed.length === 0;
  return (
    <ul className="diff" data-testid="ontology-diff">
      {none && <li>{t('ont.diffNone')}</li>}
      {diff.guidelinesChanged && <li>{t('ont.diffGuidelines')}</li>}
      {q.added.length > 0 && <li>{t('ont.diffAdded', { ids: q.added.join(', ') })}</li>}
      {q.removed.length > 0 && <li>{t('ont.diffRemoved', { ids: q.removed.join(', ') })}</li>}
      {q.changed.map((c) => (
        <li key={c.questionId}>
          <strong>{c.questionId}</strong>:{' '}
          {[
            c.prompt ? t('ont.diffPrompt') : '',
            c.optionsAdded.length ? t('ont.diffOptionsAdded', { ids: c.optionsAdded.join(', ') }) : '',
            c.optionsRemoved.length ? t('ont.diffOptionsRemoved', { ids: c.optionsRemoved.join(', ') }) : '',
            ...c.optionsRelabeled.map((r) => t('ont.diffRelabeled', r)),
            c.conditionChanged ? t('ont.diffCondition') : '',
          ]
            .filter(Boolean)
            .join('; ')}
        </li>
      ))}
    </ul>
  );
}
