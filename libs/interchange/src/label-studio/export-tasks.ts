import { InterchangeError } from '../interchange-error';
import {
  aggregationMethodOf,
  choiceOptionIds,
  contentSourceOf,
  provenanceAnswers,
  type ProvenanceAnswer,
  type ReleaseRowLike,
} from '../release/release-row';
import { completedByOf, DEFAULT_ANNOTATOR_PREFIX, own } from './annotator-key';
import type { LabelStudioConfig } from './config-types';
import { textFieldOf } from './text-field';
import type {
  LabelStudioAnnotation,
  LabelStudioChoicesResult,
  LabelStudioPrediction,
  LabelStudioTask,
  VerityAnnotationMeta,
} from './task-format';

export const CONSENSUS_ANNOTATOR = 'verity:consensus';

export interface ExportOptions {
  /** The text of each item, by item id: release rows point at content, they do not hold it. */
  texts: Record<string, string> | ((itemId: string) => string | undefined);
  /**
   * The labeling config the tasks are for: question and option ids map back to its `<Choices>`
   * names, `toName`s and choice values. Without it, ids are used as they are and every
   * question labels the object tag named after `textField`.
   */
  config?: LabelStudioConfig;
  /** Data key of the text (default: the config's text field, else "text"). */
  textField?: string;
  /** Verity annotator id → Label Studio user id, for `completed_by`. */
  userIds?: Record<string, number>;
  /** Prefix of the annotator keys an import made (default "label-studio:"); see completedByOf. */
  annotatorPrefix?: string;
  /** `completed_by` of the final-label annotation (default "verity:consensus"). */
  consensusUser?: number | string;
}

interface Target {
  fromName: string;
  toName: string;
  valueOf(optionId: string, at: string): string;
}

/**
 * A release as Label Studio tasks, one per item (rows in the order given; excluded rows left
 * out): `data` holds the text, `meta` the Verity item and source ids. The final labels are one
 * annotation by the consensus user (label version, method and confidence per question in
 * `meta.verity`, `ground_truth` when gold); each human or expert answer is an annotation by its
 * annotator (one annotation per annotator, more only when they answered a question twice);
 * each machine answer or draft is a prediction result, one prediction per model version.
 * Throws InterchangeError naming the row for what it cannot convert (a non-choice answer, an
 * option the config lacks, an item without text).
 */
export function exportLabelStudioTasks(
  rows: readonly ReleaseRowLike[],
  options: ExportOptions,
): LabelStudioTask[] {
  const textKey =
    options.textField ?? (options.config ? textFieldOf(options.config).field : 'text');
  const textName = options.config
    ? (options.config.dataFields.find((f) => f.field === textKey)?.name ?? textKey)
    : textKey;
  const prefix = options.annotatorPrefix ?? DEFAULT_ANNOTATOR_PREFIX;
  const userIds = options.userIds ?? {};
  const consensus = options.consensusUser ?? CONSENSUS_ANNOTATOR;
  const textOf =
    typeof options.texts === 'function'
      ? options.texts
      : (id: string) => own(options.texts as Record<string, string>, id);

  const targetOf = (questionId: string, at: string): Target => {
    if (!options.config) return { fromName: questionId, toName: textName, valueOf: (id) => id };
    const q = options.config.questions.find((x) => x.id === questionId);
    if (!q)
      throw new InterchangeError(
        `${at}.question_id`,
        `"${questionId}" is not a <Choices> of the labeling config`,
      );
    return {
      fromName: q.id,
      toName: q.input,
      valueOf: (id, where) => {
        const o = q.options.find((x) => x.id === id);
        if (!o)
          throw new InterchangeError(
            where,
            `option "${id}" is not a choice of <Choices name="${q.id}">`,
          );
        return o.value;
      },
    };
  };

  const byItem = new Map<string, { row: ReleaseRowLike; at: string }[]>();
  rows.forEach((row, i) => {
    if (row.status === 'excluded') return;
    if (typeof row.item_id !== 'string' || !row.item_id)
      throw new InterchangeError(`rows[${i}].item_id`, 'must be a non-empty string');
    const list = byItem.get(row.item_id) ?? [];
    list.push({ row, at: `rows[${i}]` });
    byItem.set(row.item_id, list);
  });

  const tasks: LabelStudioTask[] = [];
  for (const [itemId, itemRows] of byItem) {
    const text = textOf(itemId);
    if (typeof text !== 'string')
      throw new InterchangeError(`${itemRows[0].at}.item_id`, `no text given for item "${itemId}"`);
    let resultNo = 0;
    const result = (
      target: Target,
      optionIds: string[],
      at: string,
      score?: number,
    ): LabelStudioChoicesResult => ({
      id: `r${++resultNo}`,
      from_name: target.fromName,
      to_name: target.toName,
      type: 'choices',
      value: { choices: optionIds.map((id) => target.valueOf(id, at)) },
      ...(score !== undefined ? { score } : {}),
    });

    const final = newDraft(consensus, String(consensus), 'final_label');
    const people = new Map<string, Draft[]>();
    const machines = new Map<string, LabelStudioPrediction>();
    const seenAnswers = new Set<string>();
    const decidedAt: string[] = [];

    for (const { row, at } of itemRows) {
      const target = targetOf(row.question_id, at);
      const labelIds =
        row.answer === null || row.answer === undefined
          ? row.label
            ? [row.label]
            : []
          : choiceOptionIds(row.answer, `${at}.answer`);
      if (labelIds.length === 0) throw new InterchangeError(`${at}.answer`, 'the row has no label');
      final.annotation.result.push(result(target, labelIds, `${at}.answer`));
      final.questions.set(row.question_id, {
        label_version: row.label_version,
        method: aggregationMethodOf(row),
        confidence: row.confidence,
        ...(row.adjudicated ? { adjudicated: true } : {}),
        ...(row.ontology_version !== undefined ? { ontology_version: row.ontology_version } : {}),
      });
      if (row.gold) final.annotation.ground_truth = true;
      if (row.decided_at) decidedAt.push(row.decided_at);

      provenanceAnswers(row, at).forEach((a, k) => {
        const where = `${at}.provenance.answers[${k}].answer`;
        const key = `${row.question_id}\u0000${dedupeKey(a)}`;
        if (seenAnswers.has(key)) return;
        seenAnswers.add(key);
        if (a.source === 'machine') {
          const version = a.model?.modelVersion || a.model?.modelId || a.annotatorId;
          const prediction = machines.get(version) ?? { model_version: version, result: [] };
          machines.set(version, prediction);
          prediction.result.push(
            result(
              target,
              a.optionIds,
              where,
              a.model?.calibratedConfidence ?? a.model?.confidence,
            ),
          );
          return;
        }
        if (a.source === 'feedback') return;
        const mine = people.get(a.annotatorId) ?? [];
        people.set(a.annotatorId, mine);
        let draft = mine.find((x) => !x.questions.has(row.question_id));
        if (!draft) {
          draft = newDraft(completedByOf(a.annotatorId, userIds, prefix), a.annotatorId, 'answer');
          mine.push(draft);
        }
        const annotation = draft.annotation;
        annotation.result.push(result(target, a.optionIds, where));
        draft.questions.set(row.question_id, {
          source: a.source === 'expert' ? 'expert' : 'human',
        });
        if (a.submittedAt && (!annotation.created_at || a.submittedAt < annotation.created_at))
          annotation.created_at = a.submittedAt;
        if (a.timeSpentMs !== undefined)
          annotation.lead_time = Math.max(annotation.lead_time ?? 0, a.timeSpentMs / 1000);
      });
    }
    if (decidedAt.length > 0) final.annotation.created_at = decidedAt.sort()[decidedAt.length - 1];

    const predictions = [...machines.values()].map((p) => {
      const scores = p.result.map((r) => r.score).filter((s): s is number => s !== undefined);
      return scores.length > 0 ? { ...p, score: Math.min(...scores) } : p;
    });
    const { source, sourceId } = contentSourceOf(itemRows[0].row);
    tasks.push({
      ...(sourceId && /^\d+$/.test(sourceId) && Number.isSafeInteger(Number(sourceId))
        ? { id: Number(sourceId) }
        : {}),
      data: { [textKey]: text },
      meta: {
        verity_item_id: itemId,
        ...(sourceId ? { verity_source_id: sourceId } : {}),
        ...(source ? { verity_source: source } : {}),
      },
      annotations: [final, ...[...people.values()].flat()].map(finish),
      predictions,
    });
  }
  return tasks;
}

/** An annotation being built; its per-question meta is a Map until done (question ids are data). */
interface Draft {
  annotation: LabelStudioAnnotation;
  questions: Map<string, QuestionMeta>;
}
type QuestionMeta = VerityAnnotationMeta['questions'][string];

function newDraft(
  completedBy: number | string,
  annotatorId: string,
  role: VerityAnnotationMeta['role'],
): Draft {
  return {
    annotation: {
      completed_by: completedBy,
      result: [],
      was_cancelled: false,
      ground_truth: false,
      meta: { verity: { role, annotator_id: annotatorId, questions: {} } },
    },
    questions: new Map(),
  };
}

function finish(d: Draft): LabelStudioAnnotation {
  d.annotation.meta.verity.questions = Object.fromEntries(d.questions);
  return d.annotation;
}

/** The same answer can stand in several records (a draft shown to two people): keep it once. */
function dedupeKey(a: ProvenanceAnswer): string {
  if (a.source === 'machine')
    return `m\u0000${a.prelabelEventId || a.annotationId || `${a.annotatorId}\u0000${a.optionIds.join(',')}`}`;
  return `h\u0000${a.annotationId || `${a.annotatorId}\u0000${a.submittedAt ?? ''}\u0000${a.optionIds.join(',')}`}`;
}
