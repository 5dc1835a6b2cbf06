import { BadRequestException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { DEFAULT_POLICY } from '../http/project-policy.schema';
import type { ProjectAccess } from './project-access.service';
import type { UpstreamClient } from '../adapters/upstream.client';
import { DashboardCostUseCase } from './dashboard-cost.use-case';
import { DashboardProgressUseCase, RATE_WINDOW_SECONDS } from './dashboard-progress.use-case';
import type { AssignmentStats, ExportStats, IngestionStats } from '../http/dashboard.schemas';
import type { Part, StatsClient } from '../adapters/stats.client';

// The composition with in-memory fakes of project access and of the services' stats answers.

const now = new Date('2026-03-10T12:34:56.000Z');
const pm: Principal = { kind: 'user', id: 'pm-1', roles: ['project_manager'] } as Principal;

const assignment: AssignmentStats = {
  totals: { tasks: 40, slots: { open: 50, leased: 10, done: 55, void: 5 }, answers: 60, honeypotAnswers: 5, answerMs: 3 * 3_600_000 },
  series: [
    { at: '2026-03-10T11:00:00.000Z', tasks: 40, answers: 20, honeypotAnswers: 2, answerMs: 1000 },
    { at: '2026-03-10T12:00:00.000Z', tasks: 0, answers: 40, honeypotAnswers: 3, answerMs: 2000 },
  ],
  recent: { since: '2026-03-10T12:20:00.000Z', seconds: 896, answers: 32 },
};
const exported: ExportStats = {
  totals: {
    labels: 22,
    excluded: 1,
    current: 20,
    bySource: { human: { labels: 12, current: 10 }, expert: { labels: 4, current: 4 }, llm: { labels: 2, current: 2 }, local_model: { labels: 4, current: 4 } },
    byMethod: { dawid_skene: 12, adjudication: 4, machine_auto_accept: 6 },
    expert: { verdicts: 4, ms: 30 * 60_000 },
  },
  series: [{ at: '2026-03-10T12:00:00.000Z', labels: 22, excluded: 1, bySource: { human: 12, expert: 4, llm: 2, local_model: 4 }, byMethod: {} }],
};
const ingested: IngestionStats = { totals: { items: 41 }, series: [{ at: '2026-03-10T11:00:00.000Z', items: 41 }] };

class FakeStatsClient {
  readonly calls: { service: string; path: string; query: string }[] = [];
  constructor(private readonly answers: Record<string, Part<unknown>>) {}
  async get(to: UpstreamClient, _p: Principal, _t: string | undefined, path: string, query: URLSearchParams) {
    this.calls.push({ service: to.name, path, query: query.toString() });
    return this.answers[to.name];
  }
}

const fakeAccess = (policy = DEFAULT_POLICY) =>
  ({ require: async () => ({ project: { id: 'p1', policy } }) }) as unknown as ProjectAccess;
const upstream = (name: string) => ({ name }) as UpstreamClient;
const ok = <T>(value: T): Part<T> => ({ ok: true, value });

describe('progress composition', () => {
  const progress = (answers: Record<string, Part<unknown>>) => {
    const stats = new FakeStatsClient(answers);
    const uc = new DashboardProgressUseCase(fakeAccess(), stats as unknown as StatsClient, upstream('assignment'), upstream('export'), upstream('ingestion'));
    return { stats, run: (q: Record<string, string> = { bucket: 'hour', from: '2026-03-10T10:00:00Z' }) => uc.execute(pm, 'p1', q, undefined, now) };
  };

  it('totals, zero-filled throughput, queue depth, ETA from the recent rate; every service asked with the same range', async () => {
    const { stats, run } = progress({ assignment: ok(assignment), export: ok(exported), ingestion: ok(ingested) });
    const r = await run();
    expect(r.totals).toEqual({ itemsIn: 41, tasks: { open: 50, leased: 10, done: 55, void: 5 }, labelsOut: 22, answers: 55 });
    expect(r.queueDepth).toBe(50);
    expect(r.throughput).toEqual([
      { at: '2026-03-10T10:00:00.000Z', itemsIn: 0, answers: 0, labelsOut: 0 },
      { at: '2026-03-10T11:00:00.000Z', itemsIn: 41, answers: 18, labelsOut: 0 },
      { at: '2026-03-10T12:00:00.000Z', itemsIn: 0, answers: 37, labelsOut: 22 },
    ]);
    // 60 slots left at 32 answers / 896 s.
    expect(r.etaSeconds).toBe(1680);
    expect(r.rateWindowSeconds).toBe(RATE_WINDOW_SECONDS);
    expect(r.answersPerHour).toBe(128.57);
    expect(r.unavailable).toEqual([]);
    const range = 'bucket=hour&from=2026-03-10T10%3A00%3A00.000Z&to=2026-03-10T12%3A34%3A56.000Z';
    expect(stats.calls).toEqual([
      { service: 'assignment', path: '/v1/projects/p1/stats', query: `${range}&window=${RATE_WINDOW_SECONDS}` },
      { service: 'export', path: '/v1/projects/p1/stats', query: range },
      { service: 'ingestion', path: '/v1/projects/p1/stats', query: range },
    ]);
  });

  it('a failing service leaves its numbers null with the reason; the other parts stand', async () => {
    const { run } = progress({ assignment: ok(assignment), export: ok(exported), ingestion: { ok: false, reason: 'ingestion service unreachable' } });
    const r = await run();
    expect(r.totals.itemsIn).toBeNull();
    expect(r.totals.labelsOut).toBe(22);
    expect(r.throughput.every((t) => t.itemsIn === null && t.answers !== null)).toBe(true);
    expect(r.unavailable).toEqual([{ part: 'ingestion', reason: 'ingestion service unreachable' }]);

    const noAssignment = await progress({ assignment: { ok: false, reason: 'x' }, export: ok(exported), ingestion: ok(ingested) }).run();
    expect(noAssignment).toMatchObject({ queueDepth: null, etaSeconds: null, answersPerHour: null, totals: { tasks: null, answers: null, itemsIn: 41 } });
  });

  it('no answer in the window: no rate, so no ETA while work remains', async () => {
    const idle = { ...assignment, recent: { ...assignment.recent, answers: 0 } };
    const r = await progress({ assignment: ok(idle), export: ok(exported), ingestion: ok(ingested) }).run();
    expect(r.etaSeconds).toBeNull();
    expect(r.answersPerHour).toBe(0);
  });

  it('a bad range is a 400 naming the field', async () => {
    await expect(progress({}).run({ bucket: 'week' })).rejects.toBeInstanceOf(BadRequestException);
    await expect(progress({}).run({ from: '2026-03-11T00:00:00Z' })).rejects.toMatchObject({ response: { errors: [{ field: 'from', reason: 'must be before to' }] } });
  });
});

describe('cost composition', () => {
  const policy = { ...DEFAULT_POLICY, costs: { humanPerAnswer: 0.05, humanPerHour: 12, expertPerVerdict: 1.5, expertPerHour: 60 } };
  const cost = (answers: Record<string, Part<unknown>>) => {
    const stats = new FakeStatsClient(answers);
    const uc = new DashboardCostUseCase(fakeAccess(policy), stats as unknown as StatsClient, upstream('assignment'), upstream('export'), upstream('prelabel'));
    return uc.execute(pm, 'p1', { bucket: 'hour', from: '2026-03-10T11:00:00Z' }, undefined, now);
  };

  it('per source: human answers and hours, expert verdicts and hours, LLM tokens; ÷ the labels each decided', async () => {
    const r = await cost({ assignment: ok(assignment), export: ok(exported), prelabel: ok({ totalCostMicroUsd: 1_234_567 }) });
    expect(r.perSource).toEqual([
      // 60 answers × 0.05 + 3 h × 12 = 39, over 10 current human labels
      { source: 'human', labels: 10, cost: 39, costPerLabel: 3.9 },
      // 4 verdicts × 1.5 + 0.5 h × 60 = 36, over 4
      { source: 'expert', labels: 4, cost: 36, costPerLabel: 9 },
      { source: 'llm', labels: 2, cost: 1.234567, costPerLabel: 0.617284 },
      { source: 'local_model', labels: 4, cost: 0, costPerLabel: 0 },
      { source: 'weak_supervision', labels: 0, cost: 0, costPerLabel: null },
    ]);
    expect(r.total).toEqual({ labels: 20, cost: 76.234567, costPerLabel: 3.811728 });
    expect(r.inputs).toEqual({ humanAnswers: 60, humanHours: 3, expertVerdicts: 4, expertHours: 0.5, llmCostUsd: 1.234567 });
    expect(r.settings).toEqual({ humanCostPerAnswer: 0.05, humanCostPerHour: 12, expertCostPerVerdict: 1.5, expertCostPerHour: 60 });
    expect(r.mix).toEqual([
      { at: '2026-03-10T11:00:00.000Z', bySource: { machine: 0, human: 0, expert: 0, llm: 0, local_model: 0, weak_supervision: 0 } },
      { at: '2026-03-10T12:00:00.000Z', bySource: { machine: 6, human: 12, expert: 4, llm: 2, local_model: 4, weak_supervision: 0 } },
    ]);
    expect(r.currency).toBe('USD');
    expect(r.unavailable).toEqual([]);
  });

  it('prelabel down: LLM cost and the total are null with the reason; labels and the other costs stand', async () => {
    const r = await cost({ assignment: ok(assignment), export: ok(exported), prelabel: { ok: false, reason: 'prelabel service answered 403: nope' } });
    expect(r.perSource.find((s) => s.source === 'llm')).toEqual({ source: 'llm', labels: 2, cost: null, costPerLabel: null });
    expect(r.perSource.find((s) => s.source === 'human')?.cost).toBe(39);
    expect(r.total.cost).toBeNull();
    expect(r.unavailable).toEqual([{ part: 'prelabel', reason: 'prelabel service answered 403: nope' }]);
  });

  it('export down: no labels, no expert cost, no mix', async () => {
    const r = await cost({ assignment: ok(assignment), export: { ok: false, reason: 'export service unreachable' }, prelabel: ok({ totalCostMicroUsd: 0 }) });
    expect(r.mix).toBeNull();
    expect(r.perSource.map((s) => [s.source, s.labels, s.cost])).toEqual([
      ['human', null, 39],
      ['expert', null, null],
      ['llm', null, 0],
      ['local_model', null, 0],
      ['weak_supervision', null, 0],
    ]);
    expect(r.total).toEqual({ labels: null, cost: null, costPerLabel: null });
  });
});
