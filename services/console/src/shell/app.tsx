import { lazy, Suspense, useEffect, useRef } from 'react';
import { LOCALES, isLocale, useI18n } from '../i18n/i18n';
import { api } from '../api/client';
import { useSession } from '../session/session';
import { Link, matchRoute, usePath } from './router';
import { SignInScreen } from '../screens/sign-in.screen';
import { ProjectsScreen } from '../screens/projects.screen';
import { WorkbenchScreen } from '../screens/workbench/workbench.screen';
import { MyWorkScreen } from '../screens/my-work/my-work.screen';
import { ReviewQueueScreen } from '../screens/expert/review-queue.screen';
import { AdjudicationScreen } from '../screens/expert/adjudication.screen';

// The manager's and operator's screens load on demand, so the annotator's screen stays small.
const ProjectFormScreen = lazy(() => import('../screens/manage/project-form.screen').then((m) => ({ default: m.ProjectFormScreen })));
const OntologyScreen = lazy(() => import('../screens/manage/ontology.screen').then((m) => ({ default: m.OntologyScreen })));
const ReleasesScreen = lazy(() => import('../screens/manage/releases.screen').then((m) => ({ default: m.ReleasesScreen })));
const LabelingFunctionsScreen = lazy(() => import('../screens/manage/labeling-functions.screen').then((m) => ({ default: m.LabelingFunctionsScreen })));
const DashboardScreen = lazy(() => import('../screens/dashboard/dashboard.screen').then((m) => ({ default: m.DashboardScreen })));
const OpsScreen = lazy(() => import('../screens/ops/ops.screen').then((m) => ({ default: m.OpsScreen })));
const ItemStoryScreen = lazy(() => import('../screens/item-story/item-story.screen').then((m) => ({ default: m.ItemStoryScreen })));

export function App() {
  const { me, signOut } = useSession();
  const { t, locale, setLocale } = useI18n();
  const path = usePath();
  const main = useRef<HTMLElement>(null);
  const route = matchRoute(path);

  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [route.screen]);

  if (me === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (me === null) return <SignInScreen />;

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.projects')}>
          <Link to="/">{t('nav.projects')}</Link>
          {me.roles.includes('admin') && <Link to="/ops">{t('manage.ops')}</Link>}
        </nav>
        <div className="topbar-right">
          <span className="who">{me.displayName || me.email}</span>
          <label className="lang">
            <span>{t('nav.language')}</span>
            <select
              value={locale}
              onChange={(e) => {
                const l = e.target.value;
                if (!isLocale(l)) return;
                setLocale(l);
                void api.setLocale(l).catch(() => undefined);
              }}
            >
              {Object.entries(LOCALES).map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {route.screen === 'projects' && <ProjectsScreen />}
        {route.screen === 'work' && <WorkbenchScreen key={route.projectId} projectId={route.projectId} />}
        {route.screen === 'my-work' && <MyWorkScreen projectId={route.projectId} />}
        {route.screen === 'review' && <ReviewQueueScreen projectId={route.projectId} />}
        {route.screen === 'adjudication' && <AdjudicationScreen projectId={route.projectId} requestId={route.requestId} />}
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          {route.screen === 'new-project' && <ProjectFormScreen />}
          {route.screen === 'settings' && <ProjectFormScreen key={route.projectId} projectId={route.projectId} />}
          {route.screen === 'ontology' && <OntologyScreen key={route.projectId} projectId={route.projectId} />}
          {route.screen === 'releases' && <ReleasesScreen key={route.projectId} projectId={route.projectId} />}
          {route.screen === 'labeling-functions' && <LabelingFunctionsScreen key={route.projectId} projectId={route.projectId} />}
          {route.screen === 'dashboard' && <DashboardScreen key={route.projectId} projectId={route.projectId} />}
          {route.screen === 'item' && <ItemStoryScreen projectId={route.projectId} itemId={route.itemId} />}
          {route.screen === 'ops' && <OpsScreen />}
        </Suspense>
        {route.screen === 'not-found' && (
          <p role="alert">
            {t('error.notFound')} <Link to="/">{t('common.back')}</Link>
          </p>
        )}
      </main>
    </>
  );
}
