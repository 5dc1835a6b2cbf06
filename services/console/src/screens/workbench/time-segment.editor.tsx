import { useEffect, useRef, useState } from 'react';
import type { Answer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { formatMs } from './answer-model';
import { digitIndex, type EditorProps } from './editor';
import { mediaKey } from './use-media-keys';
import { Waveform } from './waveform';

type SegmentAnswer = Extract<Answer, { timeSegments: unknown }>;

export function TimeSegmentEditor({ task, value, onChange, keys }: EditorProps<SegmentAnswer>) {
  const { t } = useI18n();
  const q = task.question;
  const media = useRef<HTMLMediaElement | null>(null);
  const [nowMs, setNowMs] = useState(0);
  const [durationMs, setDurationMs] = useState(0);
  const [ready, setReady] = useState(false);
  const [pending, setPending] = useState<{ startMs?: number; endMs?: number }>({});
  const segments = value.timeSegments.segments;
  const src = task.content.mediaUrl;
  const isVideo = task.content.type === 'video';
  const colorOf = (id: string) => Math.max(0, q.options.findIndex((o) => o.id === id));
  const current = () => Math.round((media.current?.currentTime ?? 0) * 1000);

  const add = (optionId: string) => {
    const { startMs, endMs } = pending;
    if (startMs === undefined || endMs === undefined || endMs <= startMs) return;
    onChange({ timeSegments: { segments: [...segments, { startMs, endMs, optionId }] } });
    setPending({});
  };

  useEffect(() => {
    keys.current = (e) => {
      if (mediaKey(media.current, e)) return true;
      if (e.key === '[') {
        const s = current();
        setPending((p) => ({ startMs: s, endMs: p.endMs !== undefined && p.endMs > s ? p.endMs : undefined }));
        return true;
      }
      if (e.key === ']') {
        const s = current();
        setPending((p) => (p.startMs !== undefined && s > p.startMs ? { ...p, endMs: s } : p));
        return true;
      }
      const i = digitIndex(e);
      if (i >= 0 && i < q.options.length) {
        add(q.options[i].id);
        return true;
      }
      if (e.key === 'Backspace' && segments.length > 0) {
        onChange({ timeSegments: { segments: segments.slice(0, -1) } });
        return true;
      }
      return false;
    };
    return () => {
      keys.current = null;
    };
  });

  if (!src) return <p role="alert">{t('work.mediaMissing')}</p>;
  const common = {
    src,
    preload: 'auto' as const,
    controls: true,
    onLoadedMetadata: (e: React.SyntheticEvent<HTMLMediaElement>) => {
      setDurationMs(Math.round(e.currentTarget.duration * 1000));
      setReady(true);
    },
    onTimeUpdate: () => setNowMs(current()),
    onSeeked: () => setNowMs(current()),
  };

  return (
    <div className="segments" data-ready={ready ? 'true' : 'false'}>
      <p className="hint">{t('work.segmentHint')}</p>
      {isVideo ? (
        <video ref={(el) => void (media.current = el)} className="video" {...common} />
      ) : (
        <>
          <audio ref={(el) => void (media.current = el)} {...common} />
          <Waveform
            src={src}
            durationMs={durationMs}
            currentMs={nowMs}
            segments={segments}
            pending={pending}
            colorOf={colorOf}
            onSeek={(ms) => media.current && (media.current.currentTime = ms / 1000)}
            label={t('work.waveform')}
          />
        </>
      )}
      {isVideo && (
        <div className="timeline" aria-hidden="true">
          {segments.map((s, i) => (
            <span key={i} className={`seg opt-${colorOf(s.optionId) % 9}`} style={{ left: `${(s.startMs / (durationMs || 1)) * 100}%`, width: `${((s.endMs - s.startMs) / (durationMs || 1)) * 100}%` }} />
          ))}
          <span className="playhead" style={{ left: `${(nowMs / (durationMs || 1)) * 100}%` }} />
        </div>
      )}
      <p className="selection-status" aria-live="polite">
        {t('work.time', { time: formatMs(nowMs) })} ·{' '}
        {t('work.pendingSegment', {
          start: pending.startMs === undefined ? '—' : formatMs(pending.startMs),
          end: pending.endMs === undefined ? '—' : formatMs(pending.endMs),
        })}
      </p>
      <ol className="option-keys">
        {q.options.map((o, i) => (
          <li key={o.id}>
            <button type="button" className={`tag opt-${i % 9}`} onClick={() => add(o.id)} disabled={pending.endMs === undefined}>
              <kbd aria-hidden="true">{i + 1}</kbd> {o.label}
            </button>
          </li>
        ))}
      </ol>
      <h3>{t('work.segments')}</h3>
      {segments.length === 0 ? (
        <p className="muted">{t('work.noneMarked')}</p>
      ) : (
        <ul className="marks">
          {segments.map((s, i) => (
            <li key={i}>
              <span className={`tag opt-${colorOf(s.optionId) % 9}`}>{q.options[colorOf(s.optionId)]?.label ?? s.optionId}</span> {formatMs(s.startMs)} – {formatMs(s.endMs)}
              <button type="button" className="link" onClick={() => onChange({ timeSegments: { segments: segments.filter((_, j) => j !== i) } })}>
                {t('work.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
