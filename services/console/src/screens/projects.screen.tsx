import { api } from '../api/client';
import { ApiError } from '../api/http';
import type { Me, Member, Project } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/use-async';
import { useSession } from '../session/session';
import { Link } from '../shell/router';

interface Row {
  project: Project;
  roles: string[];
}

/** My project roles; admins act with every role. */
async function myProjects(me: Me): Promise<Row[]> {
  const projects = await api.projects();
  return Promise.all(
    projects.map(async (project) => {
      if (me.roles.includes('admin')) return { project, roles: ['annotator', 'quality_analyst', 'project_manager'] };
      const members: Member[] = await api.members(project.id).catch(() => []);
      const mine = members.find((m) => m.userId === me.id && m.active);
      return { project, roles: mine?.roles ?? [] };
    }),
  );
}

export function ProjectsScreen() {
  const { t } = useI18n();
  const { me } = useSession();
  const rows = useAsync(() => myProjects(me!), [me?.id]);

  return (
    <section aria-labelledby="projects-title">
      <div className="work-head">
        <h1 id="projects-title">{t('projects.title')}</h1>
        {(me!.roles.includes('admin') || me!.roles.includes('project_manager')) && (
          <Link className="button" to="/projects/new">
            {t('manage.newProject')}
          </Link>
        )}
      </div>
      {rows.loading && <p>{t('common.loading')}</p>}
      {rows.error !== undefined && (
        <p role="alert" className="error">
          {t('work.error', { message: rows.error instanceof ApiError ? rows.error.message : String(rows.error) })}
        </p>
      )}
      {rows.data && rows.data.length === 0 && <p>{t('projects.none')}</p>}
      <ul className="project-list">
        {rows.data?.map(({ project, roles }) => (
          <li key={project.id} className="card">
            <h2>{project.name}</h2>
            {project.description && <p>{project.description}</p>}
            <p className="muted">{t('projects.roles', { roles: roles.join(', ') || '—' })}</p>
            <div className="actions">
              {roles.includes('annotator') && (
                <>
                  <Link className="button" to={`/projects/${encodeURIComponent(project.id)}/work`}>
                    {t('projects.work')}
                  </Link>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/my-work`}>
                    {t('projects.myWork')}
                  </Link>
                </>
              )}
              {(roles.includes('quality_analyst') || roles.includes('project_manager')) && (
                <>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/review`}>
                    {t('projects.review')}
                  </Link>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/dashboard`}>
                    {t('manage.dashboard')}
                  </Link>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/releases`}>
                    {t('manage.releases')}
                  </Link>
                </>
              )}
              {roles.includes('project_manager') && (
                <>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/ontology`}>
                    {t('manage.ontology')}
                  </Link>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/settings`}>
                    {t('manage.settings')}
                  </Link>
                  <Link className="button secondary" to={`/projects/${encodeURIComponent(project.id)}/labeling-functions`}>
                    {t('manage.labelingFunctions')}
                  </Link>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
