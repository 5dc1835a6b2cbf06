import { useEffect, useRef, useState } from 'react';
import type { Segment } from '../../api/types';

/** Min/max peaks of the first channel in `buckets` columns. */
export function peaks(samples: Float32Array, buckets: number): [number, number][] {
  const out: [number, number][] = [];
  const per = Math.max(1, Math.floor(samples.length / buckets));
  for (let b = 0; b < buckets; b++) {
    let lo = 0;
    let hi = 0;
    for (let i = b * per; i < Math.min(samples.length, (b + 1) * per); i++) {
      const v = samples[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.push([lo, hi]);
  }
  return out;
}

interface Props {
  src: string;
  durationMs: number;
  currentMs: number;
  segments: Segment[];
  pending: { startMs?: number; endMs?: number };
  colorOf(optionId: string): number;
  onSeek(ms: number): void;
  label: string;
}

/**
 * The audio's waveform, decoded in the browser from the same lease-checked media route the
 * player streams (the player does not wait for it), with segments and the playhead drawn over it.
 */
export function Waveform({ src, durationMs, currentMs, segments, pending, colorOf, onSeek, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [data, setData] = useState<[number, number][] | null>(null);

  useEffect(() => {
    let live = true;
    const ctx = new AudioContext();
    fetch(src, { credentials: 'same-origin' })
      .then((r) => r.arrayBuffer())
      .then((buf) => ctx.decodeAudioData(buf))
      .then((audio) => live && setData(peaks(audio.getChannelData(0), 800)))
      .catch(() => live && setData(null))
      .finally(() => void ctx.close());
    return () => {
      live = false;
    };
  }, [src]);

  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    const w = c.width;
    const h = c.height;
    const x = (ms: number) => (durationMs > 0 ? (ms / durationMs) * w : 0);
    g.clearRect(0, 0, w, h);
    for (const s of segments) {
      g.fillStyle = `hsla(${(colorOf(s.optionId) * 67) % 360}, 70%, 55%, 0.35)`;
      g.fillRect(x(s.startMs), 0, x(s.endMs) - x(s.startMs), h);
    }
    if (pending.startMs !== undefined) {
      const end = pending.endMs ?? currentMs;
      g.fillStyle = 'rgba(30, 64, 175, 0.25)';
      g.fillRect(x(Math.min(pending.startMs, end)), 0, Math.abs(x(end) - x(pending.startMs)), h);
    }
    g.fillStyle = '#334155';
    if (data) {
      const bw = w / data.length;
      data.forEach(([lo, hi], i) => g.fillRect(i * bw, h / 2 - hi * (h / 2), Math.max(1, bw - 0.5), Math.max(1, (hi - lo) * (h / 2))));
    } else {
      g.fillRect(0, h / 2, w, 1);
    }
    g.fillStyle = '#b91c1c';
    g.fillRect(x(currentMs), 0, 2, h);
  }, [data, durationMs, currentMs, segments, pending, colorOf]);

  return (
    <canvas
      ref={canvas}
      className="waveform"
      width={800}
      height={120}
      role="img"
      aria-label={label}
      data-decoded={data ? 'true' : 'false'}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        onSeek(((e.clientX - r.left) / r.width) * durationMs);
      }}
    />
  );
}
