import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { useI18n } from '../../i18n/i18n';

// Only what these screens draw: lines, bars (stacked and floating), category x, linear y.
Chart.register(LineController, BarController, LineElement, PointElement, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Dark enough on white (the option colours of styles.css); lines also differ by dash, for colour-blind readers. */
const COLORS = ['#1d4ed8', '#b91c1c', '#15803d', '#7e22ce', '#b45309', '#0f766e', '#be185d', '#4d7c0f', '#334155'];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'] as const;

export interface Series {
  label: string;
  data: (number | null)[] | ([number, number] | null)[];
  /** Drawn as this kind in a mixed chart (e.g. a floating interval bar with a precision point). */
  type?: 'line' | 'bar';
  /** Points without a joining line. */
  pointsOnly?: boolean;
  color?: number;
}

export interface ChartProps {
  kind: 'line' | 'bar';
  labels: string[];
  series: Series[];
  /** Summary of what the chart shows, for screen readers (the numbers are in a table next to it). */
  ariaLabel: string;
  stacked?: boolean;
  /** Values are shares in [0, 1], shown as percentages. */
  percent?: boolean;
  yMin?: number;
  yMax?: number;
  horizontal?: boolean;
  /** Values are counts: whole-number ticks. */
  integer?: boolean;
  /** Height in pixels (computed geometry, e.g. from the number of bars); the stylesheet's otherwise. */
  height?: number;
}

function datasetOf(s: Series, i: number, kind: 'line' | 'bar'): ChartDataset<'line' | 'bar'> {
  const color = COLORS[(s.color ?? i) % COLORS.length];
  const type = s.type ?? kind;
  if (type === 'bar') return { type: 'bar', label: s.label, data: s.data as never, backgroundColor: `${color}99`, borderColor: color, borderWidth: 1, maxBarThickness: 64 } as ChartDataset<'bar'>;
  return {
    type: 'line',
    label: s.label,
    data: s.data as never,
    borderColor: color,
    backgroundColor: color,
    borderDash: DASHES[i % DASHES.length],
    pointStyle: POINTS[i % POINTS.length],
    pointRadius: s.pointsOnly ? 5 : 3,
    showLine: !s.pointsOnly,
    spanGaps: false,
    tension: 0,
  } as ChartDataset<'line'>;
}

/** A chart.js canvas with role="img" and a summary; redraws in place when its data changes. */
export function ChartCanvas({ kind, labels, series, ariaLabel, stacked, percent, integer, yMin, yMax, horizontal, height }: ChartProps) {
  const { locale } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line' | 'bar'> | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const valueAxis = {
      stacked: !!stacked,
      min: yMin,
      max: yMax,
      beginAtZero: true,
      ticks: percent
        ? { callback: (v: string | number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Number(v)) }
        : integer
          ? { precision: 0 }
          : {},
    };
    const config: ChartConfiguration<'line' | 'bar'> = {
      type: kind,
      data: { labels, datasets: series.map((s, i) => datasetOf(s, i, kind)) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale,
        indexAxis: horizontal ? 'y' : 'x',
        interaction: { mode: 'index', intersect: false },
        scales: horizontal ? { y: { stacked: !!stacked }, x: valueAxis } : { x: { stacked: !!stacked }, y: valueAxis },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true } },
          tooltip: percent
            ? {
                callbacks: {
                  label: (ctx) => {
                    const raw = ctx.raw as number | [number, number] | null;
                    const pct = (x: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
                    const text = Array.isArray(raw) ? `${pct(raw[0])}–${pct(raw[1])}` : raw == null ? '—' : pct(raw);
                    return `${ctx.dataset.label ?? ''}: ${text}`;
                  },
                },
              }
            : {},
        },
      },
    };
    if (!chart.current) {
      chart.current = new Chart(el, config);
    } else {
      chart.current.data = config.data;
      chart.current.options = config.options ?? {};
      chart.current.update('none');
    }
  }, [kind, labels, series, stacked, percent, integer, yMin, yMax, horizontal, locale]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <div className="chart-box" style={height ? { height: `${height}px` } : undefined}>
      <canvas ref={canvas} role="img" aria-label={ariaLabel} />
    </div>
  );
}
