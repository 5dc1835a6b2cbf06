import { useState, type FormEvent } from 'react';
import { manage, releases, RELEASE_FILES, releaseFileUrl, type ReleaseDiff } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { Link } from '../../shell/router';
import { shortId } from '../answer-text';
import { RequestError, listOf } from './field-errors';

/** Create, list, verify and download releases; compare two of them. */
export function ReleasesScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const project = useAsync(() => manage.project(projectId), [projectId]);
  const list = useAsync(() => releases.list(projectId), [projectId]);
  const [name, setName] = useState('');
  const [versions, setVersions] = useState('');
  const [onlyGold, setOnlyGold] = useState(false);
  const [minConfidence, setMinConfidence] = useState('');
  const [allowMixed, setAllowMixed] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pair, setPair] = useState<[string, string]>(['', '']);
  const [diff, setDiff] = useState<ReleaseDiff | null>(null);

  const run = async (f: () => Promise<string | void>) => {
    setError(null);
    setMessage(null);
    try {
      const m = await f();
      if (m) setMessage(m);
    } catch (err) {
      setError(err);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const ontologyVersions = listOf(versions).map(Number);
      await releases.create(projectId, {
        ...(name.trim() ? { name: name.trim() } : {}),
        selection: {
          ...(ontologyVersions.length ? { ontologyVersions } : {}),
          onlyGold,
          ...(minConfidence.trim() ? { minConfidence: Number(minConfidence) } : {}),
        },
        allowMixedOntologyVersions: allowMixed,
      });
      list.reload();
      return t('rel.created');
    });
  };
  const verify = (releaseId: string) =>
    run(async () => {
      const v = await releases.verify(projectId, releaseId);
      return v.ok ? t('rel.verifiedOk', { n: v.files.length }) : t('rel.verifiedBad', { files: v.files.filter((f) => !f.ok).map((f) => f.key).join(', ') });
    });
  const compare = () => run(async () => void setDiff(await releases.diff(projectId, pair[0], pair[1])));

  return (
    <section aria-labelledby="rel-title" className="manage">
      <h1 id="rel-title">{t('rel.title', { project: project.data?.name ?? projectId })}</h1>
      <div aria-live="polite">
        {message && (
          <p role="status" className="info">
            {message}
          </p>
        )}
      </div>
      <RequestError error={error} />
      {list.data?.length === 0 && <p>{t('rel.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('manage.name')}</th>
              <th scope="col">{t('rel.when')}</th>
              <th scope="col">{t('rel.labels')}</th>
              <th scope="col">{t('rel.selection')}</th>
              <th scope="col">{t('rel.files')}</th>
              <th scope="col">{t('rel.verify')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((rel) => (
              <tr key={rel.releaseId}>
                <td>
                  {rel.name} <code title={rel.releaseId}>{shortId(rel.releaseId)}</code>
                </td>
                <td>{new Date(rel.createdAt).toLocaleString()}</td>
                <td>{rel.labelCount}</td>
                <td>{rel.ontologyVersions.join(', ')}</td>
                <td>
                  {RELEASE_FILES.map((f) => (
                    <a key={f} className="file-link" href={releaseFileUrl(projectId, rel.releaseId, f)} download>
                      {f}
                    </a>
                  ))}
                </td>
                <td>
                  <button type="button" className="secondary" onClick={() => void verify(rel.releaseId)}>
                    {t('rel.verify')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" onSubmit={create} aria-labelledby="rel-create-title">
        <h2 id="rel-create-title">{t('rel.create')}</h2>
        <label>
          {t('rel.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('rel.versions')}
          <input value={versions} onChange={(e) => setVersions(e.target.value)} />
        </label>
        <label>
          {t('rel.minConfidence')}
          <input type="number" min={0} max={1} step={0.01} value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={onlyGold} onChange={(e) => setOnlyGold(e.target.checked)} /> {t('rel.onlyGold')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={allowMixed} onChange={(e) => setAllowMixed(e.target.checked)} /> {t('rel.allowMixed')}
        </label>
        <button type="submit">{t('rel.create')}</button>
      </form>
      {list.data && list.data.length >= 2 && (
        <section className="card" aria-labelledby="rel-diff-title">
          <h2 id="rel-diff-title">{t('rel.diff')}</h2>
          <div className="form-row">
            {[0, 1].map((k) => (
              <label key={k}>
                {k === 0 ? t('rel.before') : t('rel.after')}
                <select value={pair[k]} onChange={(e) => setPair((p) => (k === 0 ? [e.target.value, p[1]] : [p[0], e.target.value]))}>
                  <option value="">—</option>
                  {list.data!.map((rel) => (
                    <option key={rel.releaseId} value={rel.releaseId}>
                      {rel.name} ({new Date(rel.createdAt).toLocaleString()})
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <button type="button" className="secondary" disabled={!pair[0] || !pair[1]} onClick={() => void compare()}>
              {t('rel.diffShow')}
            </button>
          </div>
          {diff && (
            <>
              <p data-testid="release-diff-counts">{t('rel.diffCounts', { added: diff.added, changed: diff.changed, removed: diff.removed, unchanged: diff.unchanged })}</p>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('rel.item')}</th>
                    <th scope="col">{t('expert.question')}</th>
                    <th scope="col">{t('rel.change')}</th>
                    <th scope="col">{t('rel.before')}</th>
                    <th scope="col">{t('rel.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.entries.map((d) => (
                    <tr key={`${d.itemId}/${d.questionId}`}>
                      <td>
                        <Link to={`/projects/${encodeURIComponent(projectId)}/items/${encodeURIComponent(d.itemId)}`}>{shortId(d.itemId)}</Link>
                      </td>
                      <td>{d.questionId}</td>
                      <td>{d.change}</td>
                      <td>{d.before?.label ?? '—'}</td>
                      <td>{d.after?.label ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </section>
  );
}
