/** Frame step used for stepping (25 fps; media elements expose no frame rate). */
export const FRAME_MS = 40;

/** Space, arrows, , and . on a media element; true when the key was used. */
export function mediaKey(el: HTMLMediaElement | null, e: KeyboardEvent): boolean {
  if (!el) return false;
  const seek = (deltaMs: number) => {
    const d = Number.isFinite(el.duration) ? el.duration : Infinity;
    el.currentTime = Math.min(d, Math.max(0, el.currentTime + deltaMs / 1000));
  };
  switch (e.key) {
    case ' ':
      if (el.paused) void el.play().catch(() => undefined);
      else el.pause();
      return true;
    case 'ArrowRight':
      seek(e.shiftKey ? 5000 : 1000);
      return true;
    case 'ArrowLeft':
      seek(e.shiftKey ? -5000 : -1000);
      return true;
    case '.':
      el.pause();
      seek(FRAME_MS);
      return true;
    case ',':
      el.pause();
      seek(-FRAME_MS);
      return true;
    default:
      return false;
  }
}
