import { useEffect, useRef } from 'react';
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
        {route.screen === 'not-found' && (
          <p role="alert">
            {t('error.notFound')} <Link to="/">{t('common.back')}</Link>
          </p>
        )}
      </main>
    </>
  );
}
