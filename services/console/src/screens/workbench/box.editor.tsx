import { useEffect, useRef, useState } from 'react';
import type { Answer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { formatMs } from './answer-model';
import { MIN_SIZE, STARTER_BOX, fromPoints, nudge, type Rect } from './box-geometry';
import { digitIndex, type EditorProps } from './editor';
import { mediaKey } from './use-media-keys';

type BoxAnswer = Extract<Answer, { boxes: unknown }>;

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3];

export function BoxEditor({ task, value, onChange, keys }: EditorProps<BoxAnswer>) {
  const { t } = useI18n();
  const q = task.question;
  const isVideo = task.content.type === 'video';
  const src = task.content.mediaUrl;
  const stage = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [zoom, setZoom] = useState(2);
  const [pending, setPending] = useState<Rect | null>(null);
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const [ready, setReady] = useState(false);
  const [nowMs, setNowMs] = useState(0);
  const boxes = value.boxes.boxes;
  const colorOf = (id: string) => Math.max(0, q.options.findIndex((o) => o.id === id));

  const commit = (optionId: string) => {
    if (!pending || pending.width < MIN_SIZE || pending.height < MIN_SIZE) return;
    const frameMs = isVideo ? Math.round((video.current?.currentTime ?? 0) * 1000) : undefined;
    onChange({ boxes: { boxes: [...boxes, { ...pending, optionId, ...(frameMs !== undefined ? { frameMs } : {}) }] } });
    setPending(null);
  };

  useEffect(() => {
    keys.current = (e) => {
      if (e.key === 'b' || e.key === 'B') {
        setPending(STARTER_BOX);
        return true;
      }
      if (pending) {
        const moved = nudge(pending, e.key, e.shiftKey);
        if (moved) {
          setPending(moved);
          return true;
        }
      }
      if (e.key === '+' || e.key === '=') {
        setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(z) + 1)]);
        return true;
      }
      if (e.key === '-') {
        setZoom((z) => ZOOMS[Math.max(0, ZOOMS.indexOf(z) - 1)]);
        return true;
      }
      if (isVideo && mediaKey(video.current, e)) return true;
      const i = digitIndex(e);
      if (i >= 0 && i < q.options.length) {
        commit(q.options[i].id);
        return true;
      }
      if (e.key === 'Backspace' && boxes.length > 0) {
        onChange({ boxes: { boxes: boxes.slice(0, -1) } });
        return true;
      }
      if (e.key === 'Escape' && pending) {
        setPending(null);
        return true;
      }
      return false;
    };
    return () => {
      keys.current = null;
    };
  });

  if (!src) return <p role="alert">{t('work.mediaMissing')}</p>;

  const point = (e: React.PointerEvent) => {
    const r = stage.current!.getBoundingClientRect();
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
  };
  const style = (r: Rect) => ({ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.width * 100}%`, height: `${r.height * 100}%` });
  const visible = isVideo ? boxes.filter((b) => b.frameMs === undefined || Math.abs(b.frameMs - nowMs) < 60) : boxes;

  return (
    <div className="boxes" data-ready={ready ? 'true' : 'false'}>
      <p className="hint">{t('work.boxHint')}</p>
      <div className="zoom-controls">
        <button type="button" className="secondary" onClick={() => setZoom((z) => ZOOMS[Math.max(0, ZOOMS.indexOf(z) - 1)])} aria-label={t('work.zoomOut')}>
          −
        </button>
        <span>{Math.round(zoom * 100)} %</span>
        <button type="button" className="secondary" onClick={() => setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(z) + 1)])} aria-label={t('work.zoomIn')}>
          +
        </button>
        {isVideo && <span className="muted">{t('work.time', { time: formatMs(nowMs) })}</span>}
      </div>
      <div className="stage-scroll">
        <div
          ref={stage}
          className="stage"
          style={{ width: `${zoom * 320}px` }}
          onPointerDown={(e) => {
            if (e.button !== 0) return;
            e.currentTarget.setPointerCapture(e.pointerId);
            const p = point(e);
            setDrag(p);
            setPending(fromPoints(p.x, p.y, p.x, p.y));
          }}
          onPointerMove={(e) => {
            if (!drag) return;
            const p = point(e);
            setPending(fromPoints(drag.x, drag.y, p.x, p.y));
          }}
          onPointerUp={() => setDrag(null)}
        >
          {isVideo ? (
            <video
              ref={video}
              src={src}
              preload="auto"
              muted
              onLoadedMetadata={() => setReady(true)}
              onTimeUpdate={(e) => setNowMs(Math.round(e.currentTarget.currentTime * 1000))}
              onSeeked={(e) => setNowMs(Math.round(e.currentTarget.currentTime * 1000))}
            />
          ) : (
            <img src={src} alt={q.prompt} draggable={false} onLoad={() => setReady(true)} />
          )}
          {visible.map((b, i) => (
            <span key={i} className={`box opt-${colorOf(b.optionId) % 9}`} style={style(b)} aria-hidden="true" />
          ))}
          {pending && <span className="box pending" style={style(pending)} aria-hidden="true" data-testid="pending-box" />}
        </div>
      </div>
      <p className="selection-status" aria-live="polite">
        {pending ? `${t('work.pendingBox')}: x ${pending.x}, y ${pending.y}, ${pending.width} × ${pending.height}` : t('work.noSelection')}
      </p>
      <ol className="option-keys">
        {q.options.map((o, i) => (
          <li key={o.id}>
            <button type="button" className={`tag opt-${i % 9}`} onClick={() => commit(o.id)} disabled={!pending}>
              <kbd aria-hidden="true">{i + 1}</kbd> {o.label}
            </button>
          </li>
        ))}
      </ol>
      <h3>{t('work.boxes')}</h3>
      {boxes.length === 0 ? (
        <p className="muted">{t('work.noneMarked')}</p>
      ) : (
        <ul className="marks">
          {boxes.map((b, i) => (
            <li key={i}>
              <span className={`tag opt-${colorOf(b.optionId) % 9}`}>{q.options[colorOf(b.optionId)]?.label ?? b.optionId}</span> x {b.x}, y {b.y}, {b.width} × {b.height}
              {b.frameMs !== undefined && ` @ ${formatMs(b.frameMs)}`}
              <button type="button" className="link" onClick={() => onChange({ boxes: { boxes: boxes.filter((_, j) => j !== i) } })}>
                {t('work.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
