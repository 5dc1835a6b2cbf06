import type {
  AnswersPerItemPoint,
  AutoAcceptPoint,
  Drift,
  MachinePrecision,
  MixPoint,
  PrelabelModel,
  PrelabelModelVersion,
  Quality,
  QualityAnnotator,
  ThroughputPoint,
  Unavailable,
} from '../../api/dashboard-client';

/** Pure shaping of the dashboard's answers into what its charts and tables draw. */

export interface Series {
  key: string;
  values: (number | null)[];
}

const byTime = <T extends { at: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

export const THROUGHPUT_KEYS = ['itemsIn', 'answers', 'labelsOut'] as const;

/** Throughput, oldest bucket first: one series per counter. */
export function throughputSeries(points: readonly ThroughputPoint[]): { at: string[]; series: Series[] } {
  const sorted = byTime(points);
  return {
    at: sorted.map((p) => p.at),
    series: THROUGHPUT_KEYS.map((key) => ({ key, values: sorted.map((p) => p[key] ?? null) })),
  };
}

/** Which service each number of the progress answer comes from (`unavailable` names services). */
export const SERVICE_OF = {
  itemsIn: 'ingestion',
  labelsOut: 'export',
  tasks: 'assignment',
  answers: 'assignment',
  queueDepth: 'assignment',
  eta: 'assignment',
  cost: 'prelabel',
  mix: 'export',
} as const satisfies Record<string, Unavailable['part']>;

/** Why a number is missing: the reason its service gave, if the answer says so. */
export function unavailableReason(unavailable: readonly Unavailable[] | undefined, field: keyof typeof SERVICE_OF): string | null {
  const hit = (unavailable ?? []).find((u) => u.part === SERVICE_OF[field]);
  return hit ? hit.reason : null;
}

export type AgreementMetric = 'krippendorffAlpha' | 'pairwiseAgreement' | 'fleissKappa';

export interface AgreementSeries {
  /** The windows, oldest first. */
  windows: { from: string; to: string; truncated: boolean }[];
  /** One line per question (and ontology version when a question has several), values per window. */
  lines: { questionId: string; ontologyVersion: number; label: string; values: (number | null)[]; reasons: (string | null)[] }[];
}

/** Agreement per question over the quality windows (the API gives the latest window first). */
export function agreementSeries(windows: Quality['windows'], metric: AgreementMetric): AgreementSeries {
  const ordered = [...windows].reverse();
  const versions = new Map<string, Set<number>>();
  for (const w of ordered) for (const q of w.questions) versions.set(q.questionId, (versions.get(q.questionId) ?? new Set()).add(q.ontologyVersion));
  const keys: { questionId: string; ontologyVersion: number }[] = [];
  for (const [questionId, vs] of [...versions].sort(([a], [b]) => a.localeCompare(b))) {
    for (const ontologyVersion of [...vs].sort((a, b) => a - b)) keys.push({ questionId, ontologyVersion });
  }
  return {
    windows: ordered.map((w) => ({ from: w.from, to: w.to, truncated: w.truncated })),
    lines: keys.map(({ questionId, ontologyVersion }) => {
      const cells = ordered.map((w) => w.questions.find((q) => q.questionId === questionId && q.ontologyVersion === ontologyVersion)?.[metric]);
      return {
        questionId,
        ontologyVersion,
        label: (versions.get(questionId)?.size ?? 0) > 1 ? `${questionId} (v${ontologyVersion})` : questionId,
        values: cells.map((c) => c?.value ?? null),
        reasons: cells.map((c) => (c ? (c.value === null ? (c.reason ?? null) : null) : null)),
      };
    }),
  };
}

/** The least reliable first (suspended ones among them), unknown reliability last, then by id. */
export function sortAnnotators(annotators: readonly QualityAnnotator[]): QualityAnnotator[] {
  return [...annotators].sort((a, b) => {
    if (a.reliability === null && b.reliability !== null) return 1;
    if (b.reliability === null && a.reliability !== null) return -1;
    if (a.reliability !== null && b.reliability !== null && a.reliability !== b.reliability) return a.reliability - b.reliability;
    return a.annotatorId.localeCompare(b.annotatorId);
  });
}

export interface PrecisionRow extends MachinePrecision {
  /** "model id · version". */
  model: string;
}

/** Machine precision per question and model version, versions in numeric order. */
export function precisionRows(rows: readonly MachinePrecision[]): PrecisionRow[] {
  return [...rows]
    .map((r) => ({ ...r, model: r.modelVersion ? `${r.modelId} · ${r.modelVersion}` : r.modelId }))
    .sort((a, b) => a.questionId.localeCompare(b.questionId) || a.modelId.localeCompare(b.modelId) || a.modelVersion.localeCompare(b.modelVersion, undefined, { numeric: true }));
}

/** The label sources, in the order the cost answer lists them; `machine` is their machine subtotal. */
const SOURCE_ORDER = ['human', 'expert', 'llm', 'local_model', 'external_model', 'weak_supervision', 'feedback'];
const MACHINE_PARTS = ['llm', 'local_model', 'external_model'];

/** The sources to stack: the known ones first, then others by name; `machine` only when its parts are absent (it is their sum). */
export function sourcesOf(mix: readonly MixPoint[]): string[] {
  const all = new Set<string>();
  for (const p of mix) for (const s of Object.keys(p.bySource)) all.add(s);
  if (MACHINE_PARTS.some((s) => all.has(s))) all.delete('machine');
  return [...SOURCE_ORDER.filter((s) => all.has(s)), ...[...all].filter((s) => !SOURCE_ORDER.includes(s)).sort()];
}

/** Labels by source per bucket, oldest first: one series per source. */
export function mixSeries(mix: readonly MixPoint[]): { at: string[]; series: Series[] } {
  const sorted = byTime(mix);
  return { at: sorted.map((p) => p.at), series: sourcesOf(sorted).map((key) => ({ key, values: sorted.map((p) => p.bySource[key] ?? 0) })) };
}

/** The auto-accepted share per question over the buckets (oldest first), with the counts behind it. */
export function autoAcceptSeries(points: readonly AutoAcceptPoint[]): { at: string[]; lines: { questionId: string; values: (number | null)[] }[]; rows: AutoAcceptPoint[] } {
  const rows = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.questionId.localeCompare(b.questionId));
  const at = [...new Set(rows.map((p) => p.at))];
  const questions = [...new Set(rows.map((p) => p.questionId))].sort();
  return {
    at,
    lines: questions.map((questionId) => ({ questionId, values: at.map((t) => rows.find((p) => p.at === t && p.questionId === questionId)?.share ?? null) })),
    rows,
  };
}

/** The current model of each (question, backend): its highest version. */
export function currentModels(models: readonly PrelabelModel[]): PrelabelModel[] {
  const latest = new Map<string, PrelabelModel>();
  for (const m of models) {
    const key = `${m.questionId}\u0000${m.backend}`;
    const known = latest.get(key);
    if (!known || m.version > known.version) latest.set(key, m);
  }
  return [...latest.values()].sort((a, b) => a.questionId.localeCompare(b.questionId) || a.backend.localeCompare(b.backend));
}

export interface VersionRow extends PrelabelModelVersion {
  questionId: string;
  backend: PrelabelModel['backend'];
  modelId: string;
}

/** Every version of every model, per question and backend, newest first (a model without its history counts as one version). */
export function versionRows(models: readonly PrelabelModel[]): VersionRow[] {
  const rows = new Map<string, VersionRow>();
  for (const m of currentModels(models)) {
    const versions: PrelabelModelVersion[] = m.versions?.length
      ? m.versions
      : [
          {
            version: m.version,
            trainedAt: m.trainedAt,
            nLabels: m.nLabels,
            heldOut: m.report.heldOut,
            accuracy: m.report.accuracy,
            eceRaw: m.report.eceRaw,
            eceCalibrated: m.report.eceCalibrated,
            calibrationMethod: m.report.calibrationMethod ?? null,
            epochs: m.report.epochs ?? null,
            threshold: m.threshold,
            newLabels: null,
            labelLatencyMs: null,
            vsPrevious: null,
          },
        ];
    for (const v of versions) rows.set(`${m.questionId}\u0000${m.backend}\u0000${v.version}`, { ...v, questionId: m.questionId, backend: m.backend, modelId: m.modelId });
  }
  return [...rows.values()].sort((a, b) => a.questionId.localeCompare(b.questionId) || a.backend.localeCompare(b.backend) || b.version - a.version);
}

/** The accuracy change over the previous version, on the labels this version added (computed when only the accuracies are given). */
export function versionDelta(v: PrelabelModelVersion): number | null {
  const c = v.vsPrevious;
  if (!c) return null;
  return c.delta ?? (c.accuracy != null && c.previousAccuracy != null ? c.accuracy - c.previousAccuracy : null);
}

/** Human answers per finalized item, oldest window first. */
export function answersPerItemSeries(points: readonly AnswersPerItemPoint[]): AnswersPerItemPoint[] {
  return byTime(points);
}

/** Latest, lowest and highest of a series, ignoring gaps (for a chart's text summary). */
export function summarize(values: readonly (number | null)[]): { latest: number | null; min: number | null; max: number | null; count: number } {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return { latest: null, min: null, max: null, count: 0 };
  return { latest: known[known.length - 1], min: Math.min(...known), max: Math.max(...known), count: known.length };
}

/** The latest drift test of each question (and ontology version) and test kind, alarms first. */
export function latestDrift(drift: readonly Drift[]): Drift[] {
  const latest = new Map<string, Drift>();
  for (const d of drift) {
    const key = `${d.questionId}\u0000${d.ontologyVersion}\u0000${d.test}`;
    const known = latest.get(key);
    if (!known || Date.parse(d.window.to) > Date.parse(known.window.to)) latest.set(key, d);
  }
  return [...latest.values()].sort(
    (a, b) => Number(b.alarm) - Number(a.alarm) || a.questionId.localeCompare(b.questionId) || a.ontologyVersion - b.ontologyVersion || a.test.localeCompare(b.test),
  );
}
