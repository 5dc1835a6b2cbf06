import { useEffect, useState } from 'react';

/** A small history router: the console has a handful of screens and no nested layouts. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

export type Route =
  | { screen: 'projects' }
  | { screen: 'work'; projectId: string }
  | { screen: 'my-work'; projectId: string }
  | { screen: 'review'; projectId: string }
  | { screen: 'adjudication'; projectId: string; requestId: string }
  | { screen: 'new-project' }
  | { screen: 'settings'; projectId: string }
  | { screen: 'ontology'; projectId: string }
  | { screen: 'dashboard'; projectId: string }
  | { screen: 'releases'; projectId: string }
  | { screen: 'labeling-functions'; projectId: string }
  | { screen: 'item'; projectId: string; itemId: string }
  | { screen: 'ops' }
  | { screen: 'not-found' };

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { screen: 'projects' };
  if (parts[0] === 'ops' && parts.length === 1) return { screen: 'ops' };
  if (parts[0] === 'projects' && parts[1] === 'new' && parts.length === 2) return { screen: 'new-project' };
  if (parts[0] === 'projects' && parts.length >= 3) {
    const projectId = parts[1];
    if (parts.length === 3 && (['settings', 'ontology', 'dashboard', 'releases', 'labeling-functions'] as const).includes(parts[2] as never)) {
      return { screen: parts[2] as 'settings' | 'ontology' | 'dashboard' | 'releases' | 'labeling-functions', projectId };
    }
    if (parts[2] === 'items' && parts.length === 4) return { screen: 'item', projectId, itemId: parts[3] };
    if (parts[2] === 'work' && parts.length === 3) return { screen: 'work', projectId };
    if (parts[2] === 'my-work' && parts.length === 3) return { screen: 'my-work', projectId };
    if (parts[2] === 'review' && parts.length === 3) return { screen: 'review', projectId };
    if (parts[2] === 'review' && parts.length === 4) return { screen: 'adjudication', projectId, requestId: parts[3] };
  }
  return { screen: 'not-found' };
}

export function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
