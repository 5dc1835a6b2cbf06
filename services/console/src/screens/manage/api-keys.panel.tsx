import { useState, type FormEvent } from 'react';
import { manage } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { RequestError } from './field-errors';

/** Producer keys limited to this project (operators only); a new key's secret is shown once. */
export function ApiKeysPanel({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const keys = useAsync(() => manage.apiKeys().then((ks) => ks.filter((k) => k.projectIds.includes(projectId))), [projectId]);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const k = await manage.createApiKey({ name, roles: ['producer'], projectIds: [projectId] });
      setSecret((k as { token: string }).token);
      setName('');
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (id: string) => {
    try {
      await manage.revokeApiKey(id);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('manage.apiKeys')}</h2>
      {keys.data?.length === 0 && <p className="muted">{t('manage.noKeys')}</p>}
      <ul>
        {keys.data?.map((k) => (
          <li key={k.id}>
            {k.name} <span className="muted">({k.roles.join(', ')})</span>{' '}
            {k.revokedAt ? (
              <span className="muted">{t('manage.revoked')}</span>
            ) : (
              <button type="button" className="link" onClick={() => void revoke(k.id)}>
                {t('manage.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {secret && (
        <p role="status" className="secret">
          {t('manage.keyShownOnce', { token: '' })}
          <code data-testid="api-key-secret">{secret}</code>
        </p>
      )}
      <form onSubmit={(e) => void create(e)} className="inline-form">
        <label>
          {t('manage.keyName')}
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <RequestError error={error} />
        <button type="submit">{t('manage.createKey')}</button>
      </form>
    </section>
  );
}
