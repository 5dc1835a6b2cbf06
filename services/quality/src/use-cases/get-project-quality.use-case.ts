import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { AnswersRepository } from '../db/answers.repository';
import { TasksRepository } from '../db/tasks.repository';
import { DsFitsRepository } from '../db/ds-fits.repository';
import { honeypotAccuracy } from '../domain/reliability.math';
import { MachineAuditsRepository } from '../db/machine-audits.repository';
import { machinePrecision, machinePrecisionByVersion } from '../domain/machine-precision.math';
import { answersPerItem, questionDrift, type DriftRow } from '../domain/dashboards.math';
import { windowMetrics, WindowMetrics } from '../domain/window.metrics';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { QUALITY_CONFIG, type QualitySettings } from '../quality.settings';
import { FinalizedTasksRepository } from '../db/finalized-tasks.repository';

export interface GetProjectQuality {
  projectId: string;
  /** How many consecutive windows, the latest first (1..50). */
  windows: number;
  /** Window length in ms (default QUALITY_METRICS_WINDOW_MS). */
  windowMs?: number;
  now?: Date;
}

/**
 * The quality picture of a project: per time window (QUALITY_METRICS_WINDOW_MS, the latest
 * first) and per question, pairwise agreement, Fleiss' kappa, Krippendorff's alpha and Cohen's
 * kappa for annotator pairs, computed from the stored answers with label-science; and every
 * annotator's reliability, honeypot accuracy (Wilson interval), gold accuracy and agreement rate;
 * and the running precision of auto-accepted machine answers on their audits (Wilson interval).
 */
@Injectable()
export class GetProjectQualityUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly projects: ProjectCopyRepository,
    private readonly answers: AnswersRepository,
    private readonly tasks: TasksRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly fits: DsFitsRepository,
    private readonly audits: MachineAuditsRepository,
    private readonly finalized: FinalizedTasksRepository,
    @Inject(QUALITY_CONFIG) private readonly cfg: QualitySettings,
  ) {}

  async execute(q: GetProjectQuality) {
    const project = await this.projects.get(this.ds, q.projectId);
    if (!project) throw new NotFoundException(`project ${q.projectId} is unknown to quality`);
    const now = q.now ?? new Date();
    const size = q.windowMs ?? this.cfg.QUALITY_METRICS_WINDOW_MS;
    const windows = [];
    // Drift compares each window with the one before it: the rows of one window more are read.
    const driftRows = new Map<string, DriftRow[]>();
    const choiceQuestions = new Set<string>();
    for (let w = 0; w <= q.windows; w++) {
      const to = new Date(now.getTime() - w * size);
      const from = new Date(to.getTime() - size);
      const rows = await this.answers.windowRows(this.ds, q.projectId, from, to, this.cfg.QUALITY_METRICS_MAX_ANSWERS);
      const byQuestion = new Map<string, typeof rows>();
      for (const r of rows) {
        const k = `${r.questionId}\u0000${r.ontologyVersion}`;
        byQuestion.set(k, [...(byQuestion.get(k) ?? []), r]);
        const d = driftRows.get(k) ?? [];
        d.push({ taskId: r.taskId, annotatorId: r.annotatorId, key: r.key, window: w });
        driftRows.set(k, d);
        if (r.kind === 'choice') choiceQuestions.add(k);
      }
      if (w === q.windows) break;
      const questions: ({ questionId: string; ontologyVersion: number } & WindowMetrics)[] = [];
      for (const [k, list] of [...byQuestion.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const [questionId, version] = k.split('\u0000');
        questions.push({
          questionId,
          ontologyVersion: Number(version),
          ...windowMetrics(list, { minOverlap: this.cfg.QUALITY_COHEN_MIN_OVERLAP, maxPairs: this.cfg.QUALITY_COHEN_MAX_PAIRS }),
        });
      }
      windows.push({ from: from.toISOString(), to: to.toISOString(), answers: rows.length, truncated: rows.length >= this.cfg.QUALITY_METRICS_MAX_ANSWERS, questions });
    }
    const drift = [];
    for (const k of [...driftRows.keys()].sort()) {
      const [questionId, version] = k.split('\u0000');
      for (const c of questionDrift(driftRows.get(k)!, q.windows, { alpha: this.cfg.QUALITY_DRIFT_ALPHA, choice: choiceQuestions.has(k) })) {
        const { window, ...rest } = c;
        drift.push({ questionId, ontologyVersion: Number(version), window: { from: windows[window]!.from, to: windows[window]!.to }, ...rest });
      }
    }
    const times = await this.stats.answerTimes(this.ds, q.projectId);
    const annotators = (await this.stats.list(this.ds, q.projectId)).map((s) => {
      const hp = honeypotAccuracy(s.honeypotsAnswered, s.honeypotsCorrect);
      const gold = honeypotAccuracy(s.goldAnswered, s.goldCorrect);
      const t = times.get(s.annotatorId);
      return {
        annotatorId: s.annotatorId,
        reliability: s.reliability,
        suspended: s.suspended,
        // The last change of the suspension: a person's (manual) or quality's rule (by 'quality').
        suspension: s.suspensionBy
          ? { manual: s.suspensionManual, by: s.suspensionBy, reason: s.suspensionReason ?? '', at: new Date(s.suspensionChangedAt!).toISOString() }
          : null,
        medianTimeMs: t ? t.medianMs : null,
        timedAnswers: t ? t.timed : 0,
        honeypot: { answered: s.honeypotsAnswered, correct: s.honeypotsCorrect, accuracy: hp?.accuracy ?? null, low: hp?.low ?? null, high: hp?.high ?? null },
        gold: { answered: s.goldAnswered, correct: s.goldCorrect, accuracy: gold?.accuracy ?? null, low: gold?.low ?? null, high: gold?.high ?? null },
        agreement: s.agreementPairs > 0 ? s.agreeingPairs / s.agreementPairs : null,
        answersCounted: s.answersCounted,
        dawidSkeneReliability: s.dsReliability,
      };
    });
    return {
      projectId: q.projectId,
      policy: {
        answersPerTask: project.answersPerTask || this.cfg.QUALITY_DEFAULT_ANSWERS_PER_TASK,
        agreementThreshold: project.agreementThreshold,
        posteriorThreshold: project.posteriorThreshold,
        reliabilityFloor: project.reliabilityFloor,
      },
      windowMs: size,
      windows,
      // Per question and window (the latest first): label-distribution and agreement drift against the window before.
      drift,
      // Human answers per finalized item, per window (the latest first): falls as the machine takes over.
      answersPerItem: answersPerItem(
        await this.finalized.perWindow(this.ds, q.projectId, now, size, q.windows),
        windows.map((w) => new Date(w.from)),
      ),
      tasks: await this.tasks.statusCounts(this.ds, q.projectId),
      models: await this.fits.listForProject(this.ds, q.projectId),
      annotators,
      // Precision of auto-accepted machine answers, measured on the audited share (per question and model).
      machinePrecision: (await this.audits.countsForProject(this.ds, q.projectId)).map(machinePrecision),
      // The same per model version (v1, v2, …): is the new model as precise as the last?
      machinePrecisionByVersion: machinePrecisionByVersion(await this.audits.countsByVersion(this.ds, q.projectId)),
    };
  }
}
