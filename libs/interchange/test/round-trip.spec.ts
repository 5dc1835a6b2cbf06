import {
  exportLabelStudioTasks,
  importLabelStudioTasks,
  type LabelStudioImport,
  type ReleaseRowLike,
} from '../src';
import { reviewConfig, reviewExport } from './support';

const config = reviewConfig();
const itemOf = (sourceId: string) => `item-${sourceId}`;

/**
 * What Verity would release from an import: one row per (task, question) with answers or
 * prelabels, the human answers and machine drafts in its provenance (as the export service
 * writes them), the label by plurality (single) or by each option's majority (multi).
 */
function releaseRowsOf(imported: LabelStudioImport): ReleaseRowLike[] {
  const keys = new Map<string, { sourceId: string; questionId: string }>();
  for (const x of [...imported.answers, ...imported.prelabels])
    keys.set(`${x.source_id}|${x.question_id}`, {
      sourceId: x.source_id,
      questionId: x.question_id,
    });
  // Release order: item id, then question id.
  const ordered = [...keys.values()].sort(
    (a, b) =>
      itemOf(a.sourceId).localeCompare(itemOf(b.sourceId)) ||
      a.questionId.localeCompare(b.questionId),
  );
  return ordered.map(({ sourceId, questionId }, k) => {
    const answers = imported.answers.filter(
      (a) => a.source_id === sourceId && a.question_id === questionId,
    );
    const drafts = imported.prelabels.filter(
      (p) => p.source_id === sourceId && p.question_id === questionId,
    );
    const votes =
      answers.length > 0 ? answers.map((a) => a.option_ids) : drafts.map((p) => p.option_ids);
    const single = config.questions.find((q) => q.id === questionId)!.kind === 'single';
    const count = (id: string) => votes.filter((v) => v.includes(id)).length;
    const ids = [...new Set(votes.flat())].sort(
      (a, b) => count(b) - count(a) || a.localeCompare(b),
    );
    const label = single
      ? [ids[0]]
      : ids
          .filter((id) => count(id) * 2 > votes.length)
          .concat(ids.every((id) => count(id) * 2 <= votes.length) ? [ids[0]] : []);
    return {
      item_id: itemOf(sourceId),
      question_id: questionId,
      label_version: 1,
      status: 'active',
      label: single ? label[0] : '',
      answer: { choice: { option_ids: label } },
      confidence: votes.length ? count(label[0]) / votes.length : 0,
      ontology_version: 1,
      gold: answers.some((a) => a.ground_truth),
      decided_at: '2024-06-01T00:00:00Z',
      content: { source: 'label-studio', source_id: sourceId, content_type: 'CONTENT_TYPE_TEXT' },
      provenance: {
        aggregation: {
          method: answers.length
            ? 'AGGREGATION_METHOD_MAJORITY_VOTE'
            : 'AGGREGATION_METHOD_MACHINE_AUTO_ACCEPT',
        },
        answers: [
          ...answers.map((a, j) => ({
            annotation_id: `ann-${k}-${j}`,
            annotator_id: a.annotator,
            source: 'ANSWER_SOURCE_HUMAN',
            answer: { choice: { option_ids: a.option_ids } },
            submitted_at: a.created_at,
            ...(a.lead_time !== undefined
              ? { time_spent_ms: String(Math.round(a.lead_time * 1000)) }
              : {}),
          })),
          ...drafts.map((p, j) => ({
            annotation_id: `pre-${k}-${j}`,
            annotator_id: `model:${p.model_version}`,
            source: 'ANSWER_SOURCE_MACHINE',
            answer: { choice: { option_ids: p.option_ids } },
            prelabel_event_id: `pre-${k}-${j}`,
            model: {
              backend: 'MODEL_BACKEND_EXTERNAL',
              model_id: p.model_version,
              model_version: p.model_version,
              ...(p.score !== undefined ? { confidence: p.score } : {}),
            },
          })),
        ],
      },
    };
  });
}

type Task = {
  id?: unknown;
  data: Record<string, unknown>;
  annotations?: Record<string, unknown>[];
  predictions?: Record<string, unknown>[];
};
type Result = { from_name: string; value: { choices: string[] }; score?: number };

/** Every (task, question, annotator, choices, created_at, lead_time) of the annotations a person made. */
function humanLabels(tasks: Task[]): string[] {
  return tasks
    .flatMap((t) =>
      (t.annotations ?? [])
        .filter(
          (a) =>
            a.was_cancelled !== true &&
            (a.meta as { verity?: { role?: string } } | undefined)?.verity?.role !== 'final_label',
        )
        .flatMap((a) => {
          const by =
            typeof a.completed_by === 'object'
              ? (a.completed_by as { id: number }).id
              : a.completed_by;
          return (a.result as Result[]).map((r) =>
            JSON.stringify([
              t.id,
              r.from_name,
              by,
              [...r.value.choices].sort(),
              a.created_at,
              a.lead_time,
            ]),
          );
        }),
    )
    .sort();
}

/** Every (task, question, model version, choices, score) of the predictions. */
function predictionLabels(tasks: Task[]): string[] {
  return tasks
    .flatMap((t) =>
      (t.predictions ?? []).flatMap((p) =>
        (p.result as Result[]).map((r) =>
          JSON.stringify([t.id, r.from_name, p.model_version, r.value.choices, r.score ?? p.score]),
        ),
      ),
    )
    .sort();
}

describe('Label Studio → Verity → Label Studio', () => {
  const original = reviewExport() as unknown as Task[];
  const imported = importLabelStudioTasks(original, config);
  const texts = Object.fromEntries(
    imported.content.map((c) => [itemOf(c.body.sourceId), c.body.text]),
  );
  const exported = exportLabelStudioTasks(releaseRowsOf(imported), { config, texts });

  it('imports the fixture without a fault', () => {
    expect(imported.errors).toEqual([]);
    expect(imported.answers).toHaveLength(24);
    expect(imported.prelabels).toHaveLength(9);
  });

  it('keeps every task with its id and text', () => {
    expect(exported.map((t) => [t.id, t.data.text])).toEqual(
      original.map((t) => [t.id, t.data.text]),
    );
  });

  it('keeps every (task, question, annotator, label) with its time, and nothing else', () => {
    const before = humanLabels(original);
    expect(before).toHaveLength(24);
    expect(humanLabels(exported as unknown as Task[])).toEqual(before);
  });

  it('keeps every prediction with its model version and score', () => {
    const before = predictionLabels(original);
    expect(before).toHaveLength(9);
    expect(predictionLabels(exported as unknown as Task[])).toEqual(before);
  });

  it('adds the final label of each question as one consensus annotation', () => {
    for (const t of exported) {
      const finals = t.annotations.filter((a) => a.meta.verity.role === 'final_label');
      expect(finals).toHaveLength(1);
      expect(finals[0].result.map((r) => r.from_name).sort()).toEqual(
        Object.keys(finals[0].meta.verity.questions).sort(),
      );
    }
    const t104 = exported.find((t) => t.id === 104)!;
    expect(t104.annotations[0].result.map((r) => [r.from_name, r.value.choices])).toEqual([
      ['sentiment', ['Negative']],
      ['topics', ['Product quality', 'Customer service']],
    ]);
    // The ground-truth answer of task 102 makes its final label ground truth.
    expect(exported.find((t) => t.id === 102)!.annotations[0].ground_truth).toBe(true);
  });

  it('imports its own export back to the same answers and prelabels, final labels counted apart', () => {
    const again = importLabelStudioTasks(JSON.parse(JSON.stringify(exported)), config);
    expect(again.errors).toEqual([]);
    expect(again.counts.final_labels).toBe(7);
    const strip = (xs: LabelStudioImport['answers']) =>
      xs
        .map(({ ls_annotation_id: _id, ground_truth: _gt, ...rest }) => rest)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(strip(again.answers)).toEqual(strip(imported.answers));
    expect(
      [...again.prelabels].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual(
      [...imported.prelabels].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(again.annotators.map((a) => a.key).sort()).toEqual(
      imported.annotators.map((a) => a.key).sort(),
    );
  });
});
