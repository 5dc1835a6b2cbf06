import type { AutoAcceptPoint, Drift, MachinePrecision, MixPoint, PrelabelModel, PrelabelModelVersion, Quality, QualityAnnotator } from '../../api/dashboard-client';
import {
  agreementSeries,
  answersPerItemSeries,
  autoAcceptSeries,
  currentModels,
  latestDrift,
  mixSeries,
  precisionRows,
  sortAnnotators,
  summarize,
  throughputSeries,
  unavailableReason,
  versionDelta,
  versionRows,
} from './shape';

const metric = (value: number | null, reason?: string) => ({ value, ...(reason ? { reason } : {}) });
const question = (questionId: string, alpha: number | null, ontologyVersion = 1, pairwise: number | null = null) => ({
  questionId,
  ontologyVersion,
  tasks: 1,
  answers: 3,
  annotators: 3,
  pairwiseAgreement: metric(pairwise),
  fleissKappa: metric(null, 'too few'),
  krippendorffAlpha: alpha === null ? metric(null, 'one answer per task') : metric(alpha),
  cohenKappa: [],
});
const window = (to: string, questions: ReturnType<typeof question>[], truncated = false) => ({ from: to, to, answers: 3, truncated, questions });

describe('throughputSeries', () => {
  it('orders buckets oldest first and keeps gaps as null', () => {
    const s = throughputSeries([
      { at: '2025-06-01T02:00:00Z', itemsIn: 5, answers: 9, labelsOut: 2 },
      { at: '2025-06-01T01:00:00Z', itemsIn: 3, answers: null, labelsOut: 1 },
    ]);
    expect(s.at).toEqual(['2025-06-01T01:00:00Z', '2025-06-01T02:00:00Z']);
    expect(s.series).toEqual([
      { key: 'itemsIn', values: [3, 5] },
      { key: 'answers', values: [null, 9] },
      { key: 'labelsOut', values: [1, 2] },
    ]);
  });
});

describe('unavailableReason', () => {
  it('gives the reason of the service a number comes from', () => {
    const u = [{ part: 'export' as const, reason: 'export service did not answer within 1500 ms' }];
    expect(unavailableReason(u, 'labelsOut')).toBe('export service did not answer within 1500 ms');
    expect(unavailableReason(u, 'itemsIn')).toBeNull();
    expect(unavailableReason(undefined, 'tasks')).toBeNull();
  });
});

describe('agreementSeries', () => {
  const windows: Quality['windows'] = [
    window('2025-06-03T00:00:00Z', [question('q2', 0.7), question('q1', null)], true),
    window('2025-06-02T00:00:00Z', [question('q1', 0.5)]),
  ];

  it('puts the oldest window first and one line per question with its reasons', () => {
    const s = agreementSeries(windows, 'krippendorffAlpha');
    expect(s.windows.map((w) => w.to)).toEqual(['2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z']);
    expect(s.windows.map((w) => w.truncated)).toEqual([false, true]);
    expect(s.lines).toEqual([
      { questionId: 'q1', ontologyVersion: 1, label: 'q1', values: [0.5, null], reasons: [null, 'one answer per task'] },
      { questionId: 'q2', ontologyVersion: 1, label: 'q2', values: [null, 0.7], reasons: [null, null] },
    ]);
  });

  it('reads the chosen measure', () => {
    const s = agreementSeries([window('t', [question('q1', 0.1, 1, 0.9)])], 'pairwiseAgreement');
    expect(s.lines[0].values).toEqual([0.9]);
  });

  it('splits a question asked under two ontology versions', () => {
    const s = agreementSeries([window('b', [question('q1', 0.6, 2)]), window('a', [question('q1', 0.4, 1)])], 'krippendorffAlpha');
    expect(s.lines.map((l) => [l.label, l.values])).toEqual([
      ['q1 (v1)', [0.4, null]],
      ['q1 (v2)', [null, 0.6]],
    ]);
  });
});

describe('sortAnnotators', () => {
  const a = (annotatorId: string, reliability: number | null): QualityAnnotator =>
    ({ annotatorId, reliability, suspended: false }) as QualityAnnotator;
  it('puts the least reliable first and unknown reliability last', () => {
    expect(sortAnnotators([a('c', null), a('b', 0.9), a('a', 0.4), a('d', 0.9)]).map((x) => x.annotatorId)).toEqual(['a', 'b', 'd', 'c']);
  });
});

describe('precisionRows', () => {
  const row = (questionId: string, modelId: string, modelVersion: string): MachinePrecision => ({
    questionId,
    modelId,
    modelVersion,
    count: 10,
    correct: 9,
    precision: 0.9,
    low: 0.6,
    high: 0.98,
    pending: 0,
  });
  it('names the model version and orders versions numerically', () => {
    const rows = precisionRows([row('q1', 'local', 'v10'), row('q1', 'local', 'v2'), row('q0', 'llm', '')]);
    expect(rows.map((r) => `${r.questionId} ${r.model}`)).toEqual(['q0 llm', 'q1 local · v2', 'q1 local · v10']);
  });
});

describe('mixSeries', () => {
  const mix: MixPoint[] = [
    { at: '2025-06-01T02:00:00Z', bySource: { human: 2, llm: 1, local_model: 5, machine: 6, vendor: 2 } },
    { at: '2025-06-01T01:00:00Z', bySource: { human: 4, expert: 1, weak_supervision: 0 } },
  ];
  it('stacks each source once: `machine` (the sum of the model sources) is left out, missing ones are 0', () => {
    expect(mixSeries(mix)).toEqual({
      at: ['2025-06-01T01:00:00Z', '2025-06-01T02:00:00Z'],
      series: [
        { key: 'human', values: [4, 2] },
        { key: 'expert', values: [1, 0] },
        { key: 'llm', values: [0, 1] },
        { key: 'local_model', values: [0, 5] },
        { key: 'weak_supervision', values: [0, 0] },
        { key: 'vendor', values: [0, 2] },
      ],
    });
  });
  it('keeps `machine` when its parts are not given', () => {
    expect(mixSeries([{ at: 't', bySource: { human: 1, machine: 2 } }]).series.map((s) => s.key)).toEqual(['human', 'machine']);
  });
});

describe('autoAcceptSeries', () => {
  const point = (questionId: string, at: string, share: number | null): AutoAcceptPoint => ({
    questionId,
    at,
    routed: 10,
    autoAccepted: 0,
    audited: 0,
    humanWithDraft: 0,
    humanWithoutDraft: 0,
    share,
  });
  it('gives one line per question over the buckets, oldest first, gaps as null', () => {
    const s = autoAcceptSeries([point('q2', '2025-06-02T00:00:00Z', 0.5), point('q1', '2025-06-02T00:00:00Z', 0.2), point('q1', '2025-06-01T00:00:00Z', null)]);
    expect(s.at).toEqual(['2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z']);
    expect(s.lines).toEqual([
      { questionId: 'q1', values: [null, 0.2] },
      { questionId: 'q2', values: [null, 0.5] },
    ]);
    expect(s.rows.map((r) => `${r.at.slice(0, 10)} ${r.questionId}`)).toEqual(['2025-06-01 q1', '2025-06-02 q1', '2025-06-02 q2']);
  });
});

describe('models and versions', () => {
  const version = (v: number, extra: Partial<PrelabelModelVersion> = {}): PrelabelModelVersion => ({
    version: v,
    trainedAt: '2025-06-01T00:00:00Z',
    nLabels: 10 * v,
    heldOut: 5,
    accuracy: 0.8,
    eceRaw: 0.1,
    eceCalibrated: 0.05,
    calibrationMethod: null,
    epochs: null,
    threshold: null,
    newLabels: null,
    labelLatencyMs: null,
    vsPrevious: null,
    ...extra,
  });
  const model = (questionId: string, backend: 'local' | 'llm', v: number, versions: PrelabelModelVersion[] = []): PrelabelModel =>
    ({
      questionId,
      backend,
      version: v,
      modelId: `${backend}/${questionId}`,
      nLabels: 10 * v,
      trainedAt: '2025-06-01T00:00:00Z',
      threshold: 0.9,
      report: { heldOut: 5, accuracy: 0.8, eceRaw: 0.1, eceCalibrated: 0.05 },
      versions,
    }) as PrelabelModel;

  it('keeps the highest version of each question and backend as current', () => {
    expect(currentModels([model('q1', 'local', 1), model('q1', 'local', 3), model('q1', 'llm', 1), model('q0', 'local', 2)]).map((m) => `${m.questionId}/${m.backend}/v${m.version}`)).toEqual([
      'q0/local/v2',
      'q1/llm/v1',
      'q1/local/v3',
    ]);
  });

  it('lists every version newest first; a model without history counts as its one version', () => {
    const rows = versionRows([model('q1', 'local', 3, [version(3), version(2), version(1)]), model('q0', 'llm', 4)]);
    expect(rows.map((r) => `${r.questionId}/${r.backend}/v${r.version}`)).toEqual(['q0/llm/v4', 'q1/local/v3', 'q1/local/v2', 'q1/local/v1']);
    expect(rows[0]).toMatchObject({ modelId: 'llm/q0', nLabels: 40, threshold: 0.9, vsPrevious: null });
  });

  it('reads the change over the previous version, computing it when only the accuracies are given', () => {
    const vs = { previousVersion: 1, on: 'labels_new_since_previous' as const, labels: 50, correct: 40, previousCorrect: 37, accuracy: 0.8, previousAccuracy: 0.74, delta: null };
    expect(versionDelta(version(1))).toBeNull();
    expect(versionDelta(version(2, { vsPrevious: vs }))).toBeCloseTo(0.06);
    expect(versionDelta(version(2, { vsPrevious: { ...vs, delta: 0.05 } }))).toBe(0.05);
    expect(versionDelta(version(2, { vsPrevious: { ...vs, accuracy: null } }))).toBeNull();
  });
});

describe('answersPerItemSeries', () => {
  it('puts the oldest window first', () => {
    const s = answersPerItemSeries([
      { at: '2025-06-02T00:00:00Z', answers: 6, items: 2, ratio: 3 },
      { at: '2025-06-01T00:00:00Z', answers: 0, items: 0, ratio: null },
    ]);
    expect(s.map((p) => p.ratio)).toEqual([null, 3]);
  });
});

describe('latestDrift', () => {
  const d = (questionId: string, test: Drift['test'], to: string, alarm: boolean): Drift => ({
    questionId,
    ontologyVersion: 1,
    window: { from: to, to },
    test,
    alarm,
    statistic: 1,
    pValue: alarm ? 0.001 : 0.5,
    threshold: 0.01,
  });
  it('keeps the latest window of each question and test, alarms first', () => {
    const latest = latestDrift([
      d('q1', 'agreement', '2025-06-02T00:00:00Z', false),
      d('q1', 'agreement', '2025-06-01T00:00:00Z', true),
      d('q2', 'label_distribution', '2025-06-02T00:00:00Z', true),
      d('q1', 'label_distribution', '2025-06-02T00:00:00Z', false),
    ]);
    expect(latest.map((x) => `${x.questionId} ${x.test} ${x.alarm}`)).toEqual(['q2 label_distribution true', 'q1 agreement false', 'q1 label_distribution false']);
  });
});

describe('summarize', () => {
  it('ignores gaps', () => {
    expect(summarize([null, 2, 5, null, 3, null])).toEqual({ latest: 3, min: 2, max: 5, count: 3 });
    expect(summarize([null])).toEqual({ latest: null, min: null, max: null, count: 0 });
  });
});
