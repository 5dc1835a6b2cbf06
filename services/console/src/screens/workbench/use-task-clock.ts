import { useEffect, useMemo, useRef } from 'react';

/**
 * Time spent on the task on screen, measured in the browser: from the moment it is shown, not
 * counting time while the tab is hidden. Sent with the answer as timeSpentMs.
 */
export function useTaskClock(taskId: string | undefined) {
  const shownAt = useRef(performance.now());
  const hiddenMs = useRef(0);
  const hiddenSince = useRef<number | null>(null);

  useEffect(() => {
    shownAt.current = performance.now();
    hiddenMs.current = 0;
    hiddenSince.current = document.hidden ? performance.now() : null;
  }, [taskId]);

  useEffect(() => {
    const on = () => {
      if (document.hidden) hiddenSince.current = performance.now();
      else if (hiddenSince.current !== null) {
        hiddenMs.current += performance.now() - hiddenSince.current;
        hiddenSince.current = null;
      }
    };
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);

  return useMemo(
    () => ({
      elapsedMs: () => {
        const hidden = hiddenMs.current + (hiddenSince.current !== null ? performance.now() - hiddenSince.current : 0);
        return Math.max(0, Math.round(performance.now() - shownAt.current - hidden));
      },
    }),
    [],
  );
}
