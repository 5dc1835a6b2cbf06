import { useEffect, useState, type FormEvent } from 'react';
import { manage, type FullProject, type ProjectPolicy } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';
import { useAsync } from '../../lib/use-async';
import { navigate } from '../../shell/router';
import { RequestError, listOf } from './field-errors';
import { MembersPanel } from './members.panel';
import { ApiKeysPanel } from './api-keys.panel';
import { useSession } from '../../session/session';

const CONTENT_TYPES = ['text', 'audio', 'video', 'image'] as const;
type ContentType = (typeof CONTENT_TYPES)[number];

type Policy = ProjectPolicy & { costs?: Record<string, number> };
const UNIT: [keyof Policy, MessageKey][] = [
  ['agreementThreshold', 'manage.agreementThreshold'],
  ['posteriorThreshold', 'manage.posteriorThreshold'],
  ['honeypotRate', 'manage.honeypotRate'],
  ['reliabilityFloor', 'manage.reliabilityFloor'],
  ['auditRate', 'manage.auditRate'],
];
const COSTS: [string, MessageKey][] = [
  ['humanPerAnswer', 'manage.cost.humanPerAnswer'],
  ['humanPerHour', 'manage.cost.humanPerHour'],
  ['expertPerVerdict', 'manage.cost.expertPerVerdict'],
  ['expertPerHour', 'manage.cost.expertPerHour'],
];

/** Create a project (then its settings open), or edit one: basics, filter, the whole policy, members, API keys. */
export function ProjectFormScreen({ projectId }: { projectId?: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const loaded = useAsync(() => (projectId ? manage.project(projectId) : Promise.resolve(null)), [projectId]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<ContentType[]>(['text']);
  const [sources, setSources] = useState('');
  const [languages, setLanguages] = useState('');
  const [tags, setTags] = useState('');
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const p = loaded.data as FullProject | null | undefined;
    if (!p) return;
    setName(p.name);
    setDescription(p.description ?? '');
    setTypes(p.contentTypes as ContentType[]);
    setSources(p.filter.sources.join(', '));
    setLanguages(p.filter.languages.join(', '));
    setTags(p.filter.tagsAny.join(', '));
    setPolicy(structuredClone(p.policy) as Policy);
  }, [loaded.data]);

  const set = <K extends keyof Policy>(k: K, v: Policy[K]) => setPolicy((p) => (p ? { ...p, [k]: v } : p));
  const num = (s: string) => (s.trim() === '' ? null : Number(s));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const filter = { sources: listOf(sources), languages: listOf(languages), tagsAny: listOf(tags), contentTypes: [] };
    try {
      if (!projectId) {
        const created = await manage.createProject({ name, description, contentTypes: types, filter } as never);
        navigate(`/projects/${encodeURIComponent(created.id)}/settings`);
        return;
      }
      await manage.updateProject(projectId, { name, description, contentTypes: types, filter, ...(policy ? { policy } : {}) } as never);
      setSaved(true);
      loaded.reload();
    } catch (err) {
      setError(err);
    }
  };

  if (projectId && loaded.error !== undefined) return <RequestError error={loaded.error} />;
  if (projectId && !policy) return <p>{t('common.loading')}</p>;

  return (
    <section aria-labelledby="project-form-title" className="manage">
      <h1 id="project-form-title">{projectId ? t('manage.settingsTitle', { project: name }) : t('manage.createTitle')}</h1>
      <form onSubmit={(e) => void submit(e)} className="card form-grid">
        <label>
          {t('manage.name')}
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('manage.description')}
          <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('manage.contentTypes')}</legend>
          {CONTENT_TYPES.map((c) => (
            <label key={c} className="inline">
              <input type="checkbox" checked={types.includes(c)} onChange={(e) => setTypes((ts) => (e.target.checked ? [...ts, c] : ts.filter((x) => x !== c)))} /> {c}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('manage.filter')}</legend>
          <label>
            {t('manage.sources')}
            <input value={sources} onChange={(e) => setSources(e.target.value)} />
          </label>
          <label>
            {t('manage.languages')}
            <input value={languages} onChange={(e) => setLanguages(e.target.value)} />
          </label>
          <label>
            {t('manage.tags')}
            <input value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
        </fieldset>
        {policy && (
          <fieldset>
            <legend>{t('manage.policy')}</legend>
            <label>
              {t('manage.answersPerTask')}
              <input type="number" min={1} max={50} value={policy.answersPerTask} onChange={(e) => set('answersPerTask', Number(e.target.value))} />
            </label>
            {UNIT.map(([k, label]) => (
              <label key={k}>
                {t(label)}
                <input type="number" min={0} max={1} step={0.01} value={policy[k] as number} onChange={(e) => set(k, Number(e.target.value) as never)} />
              </label>
            ))}
            <label>
              {t('manage.leaseSeconds')}
              <input type="number" min={30} max={86400} value={policy.leaseSeconds} onChange={(e) => set('leaseSeconds', Number(e.target.value))} />
            </label>
            <label>
              {t('manage.prelabelMode')}
              <select value={policy.prelabelMode} onChange={(e) => set('prelabelMode', e.target.value as Policy['prelabelMode'])}>
                {['default', 'llm', 'local', 'off'].map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
            <label>
              {t('manage.targetPrecision')}
              <input type="number" min={0} max={1} step={0.01} value={policy.targetPrecision ?? ''} onChange={(e) => set('targetPrecision', num(e.target.value))} />
            </label>
            <label>
              {t('manage.autoAcceptThreshold')}
              <input type="number" min={0} max={1} step={0.01} value={policy.autoAcceptThreshold ?? ''} onChange={(e) => set('autoAcceptThreshold', num(e.target.value))} />
            </label>
            <label>
              {t('manage.blindControlRate')}
              <input type="number" min={0} max={1} step={0.01} value={policy.blindControlRate ?? ''} onChange={(e) => set('blindControlRate', num(e.target.value))} />
            </label>
            <label>
              {t('manage.samplingStrategy')}
              <select value={policy.sampling.strategy} onChange={(e) => set('sampling', { ...policy.sampling, strategy: e.target.value as Policy['sampling']['strategy'] })}>
                {['none', 'least_confidence', 'margin', 'entropy', 'random'].map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
            <label>
              {t('manage.dailyBudget')}
              <input type="number" min={0} value={policy.sampling.dailyBudget} onChange={(e) => set('sampling', { ...policy.sampling, dailyBudget: Number(e.target.value) })} />
            </label>
            <label>
              {t('manage.requiredSkills')}
              <input value={policy.routing.requiredSkills.join(', ')} onChange={(e) => set('routing', { ...policy.routing, requiredSkills: listOf(e.target.value) })} />
            </label>
            <label className="inline">
              <input type="checkbox" checked={policy.routing.matchLanguage} onChange={(e) => set('routing', { ...policy.routing, matchLanguage: e.target.checked })} /> {t('manage.matchLanguage')}
            </label>
            <label className="inline">
              <input type="checkbox" checked={policy.showAnnotatorAccuracy} onChange={(e) => set('showAnnotatorAccuracy', e.target.checked)} /> {t('manage.showAnnotatorAccuracy')}
            </label>
            <label className="inline">
              <input type="checkbox" checked={policy.keepUnmaskedOriginal} onChange={(e) => set('keepUnmaskedOriginal', e.target.checked)} /> {t('manage.keepUnmaskedOriginal')}
            </label>
            {policy.costs && (
              <fieldset>
                <legend>{t('manage.costs')}</legend>
                {COSTS.map(([k, label]) => (
                  <label key={k}>
                    {t(label)}
                    <input type="number" min={0} step={0.001} value={policy.costs![k] ?? 0} onChange={(e) => set('costs', { ...policy.costs, [k]: Number(e.target.value) })} />
                  </label>
                ))}
              </fieldset>
            )}
          </fieldset>
        )}
        <RequestError error={error} />
        {saved && (
          <p role="status" className="info">
            {t('manage.saved')}
          </p>
        )}
        <div className="actions">
          <button type="submit">{projectId ? t('manage.save') : t('manage.create')}</button>
        </div>
      </form>
      {projectId && <MembersPanel projectId={projectId} />}
      {projectId && me?.roles.includes('admin') && <ApiKeysPanel projectId={projectId} />}
    </section>
  );
}
