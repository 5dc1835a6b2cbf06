import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Poller } from './poller';

export interface LiveState<T> {
  data: T | undefined;
  /** The last refresh's failure; `data` keeps the last good answer (shown as stale). */
  error: unknown;
  loading: boolean;
  updatedAt: Date | null;
  reload(): void;
}

/**
 * Loads now, then every `intervalMs` while the tab is visible and the person has not paused the
 * live view; refreshes at once when the tab comes back. New dependencies start afresh.
 */
export function useLive<T>(load: () => Promise<T>, deps: unknown[], intervalMs: number, paused: boolean): LiveState<T> {
  const [state, setState] = useState<Omit<LiveState<T>, 'reload'>>({ data: undefined, error: undefined, loading: true, updatedAt: null });
  // The latest loader and pause state, for the poller (kept across renders, updated after each).
  const loadRef = useRef(load);
  const pausedRef = useRef(paused);
  useLayoutEffect(() => {
    loadRef.current = load;
    pausedRef.current = paused;
  });
  const poller = useRef<Poller | null>(null);

  useEffect(() => {
    let live = true;
    setState({ data: undefined, error: undefined, loading: true, updatedAt: null });
    const p = new Poller(async () => {
      try {
        const data = await loadRef.current();
        if (live) setState({ data, error: undefined, loading: false, updatedAt: new Date() });
      } catch (error) {
        if (live) setState((s) => ({ ...s, error, loading: false }));
      }
    }, intervalMs);
    poller.current = p;
    if (document.hidden) p.pause('hidden');
    if (pausedRef.current) p.pause('user');
    p.start();
    const onVisibility = () => (document.hidden ? p.pause('hidden') : p.resume('hidden'));
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      p.stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [...deps, intervalMs]);

  useEffect(() => {
    if (paused) poller.current?.pause('user');
    else poller.current?.resume('user');
  }, [paused]);

  const reload = useCallback(() => poller.current?.start(), []);
  return { ...state, reload };
}
