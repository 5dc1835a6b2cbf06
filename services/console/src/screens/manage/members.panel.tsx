import { useState, type FormEvent } from 'react';
import { manage } from '../../api/manage-client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';
import { useAsync } from '../../lib/use-async';
import { useSession } from '../../session/session';
import { RequestError } from './field-errors';

const ROLES = ['annotator', 'quality_analyst', 'project_manager'] as const;
type ProjectRole = (typeof ROLES)[number];

/** Members and their project roles; admins pick people from the user list, managers by id. */
export function MembersPanel({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const members = useAsync(() => manage.members(projectId), [projectId]);
  const users = useAsync(() => (me?.roles.includes('admin') ? manage.users() : Promise.resolve([])), [me?.id]);
  const [userId, setUserId] = useState('');
  const [roles, setRoles] = useState<ProjectRole[]>(['annotator']);
  const [error, setError] = useState<unknown>(null);
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.email ?? id;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await manage.setMember(projectId, userId.trim(), { roles, skills: [], languages: [], active: true } as never);
      members.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await manage.removeMember(projectId, id);
      members.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">{t('manage.members')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('manage.member')}</th>
            <th scope="col">{t('manage.roles')}</th>
            <th scope="col">{t('manage.active')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('manage.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.data?.map((m) => (
            <tr key={m.userId}>
              <td>{nameOf(m.userId)}</td>
              <td>{m.roles.map((r) => t(`manage.role.${r}` as MessageKey)).join(', ')}</td>
              <td>{m.active ? t('expert.yes') : t('expert.no')}</td>
              <td>
                <button type="button" className="link" onClick={() => void remove(m.userId)}>
                  {t('manage.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void save(e)} className="inline-form">
        <h3>{t('manage.addMember')}</h3>
        {users.data && users.data.length > 0 ? (
          <label>
            {t('manage.member')}
            <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">—</option>
              {users.data.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {t('manage.userId')}
            <input required value={userId} onChange={(e) => setUserId(e.target.value)} />
          </label>
        )}
        <fieldset>
          <legend>{t('manage.roles')}</legend>
          {ROLES.map((r) => (
            <label key={r} className="inline">
              <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} />{' '}
              {t(`manage.role.${r}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <RequestError error={error} />
        <button type="submit">{t('manage.addMember')}</button>
      </form>
    </section>
  );
}
