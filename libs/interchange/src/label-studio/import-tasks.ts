import { InterchangeError } from '../interchange-error';
import { annotatorOf, DEFAULT_ANNOTATOR_PREFIX } from './annotator-key';
import type { LabelStudioConfig } from './config-types';
import { labelOf, readChoiceResult, type ChoiceResult } from './read-choice-result';
import { textFieldOf } from './text-field';
import type {
  ImportedAnnotator,
  ImportedAnswer,
  ImportedPrelabel,
  ImportIssue,
  ImportOptions,
  LabelStudioImport,
} from './import-types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a Label Studio JSON export (an array of tasks, or its text) against a parsed labeling
 * config: each task's text becomes a content line (source id = task id), each prediction result
 * a prelabel with its model version, each annotation result a human answer by its (mapped or
 * external) annotator. Faults inside a task are collected in `errors` naming the task index and
 * field; a faulty task (no id, no text) is left out whole, a faulty annotation or result alone.
 * Cancelled annotations, and final-label annotations of a Verity export, are counted, not read.
 * Throws InterchangeError only when the file as a whole is unusable.
 */
export function importLabelStudioTasks(
  json: unknown,
  config: LabelStudioConfig,
  options: ImportOptions = {},
): LabelStudioImport {
  const tasks = typeof json === 'string' ? parseJson(json) : json;
  if (!Array.isArray(tasks))
    throw new InterchangeError('(file)', 'a Label Studio export is a JSON array of tasks');
  const textField = textFieldOf(config, options.textField);
  const source = options.source ?? 'label-studio';
  const mapping = options.annotators ?? {};
  const prefix = options.annotatorPrefix ?? DEFAULT_ANNOTATOR_PREFIX;
  const questions = new Map(config.questions.map((q) => [q.id, q]));

  const out: LabelStudioImport = {
    content: [],
    prelabels: [],
    answers: [],
    annotators: [],
    errors: [],
    counts: {
      tasks: tasks.length,
      imported_tasks: 0,
      annotations: 0,
      cancelled: 0,
      final_labels: 0,
      predictions: 0,
    },
  };
  const annotators = new Map<string, ImportedAnnotator>();
  const sourceIds = new Map<string, number>();

  tasks.forEach((task: unknown, i) => {
    const issue = (field: string, reason: string) =>
      out.errors.push({ task: i, field, reason } satisfies ImportIssue);
    const at = `tasks[${i}]`;
    if (!isObj(task)) return issue(at, 'a task must be a JSON object');
    const sourceId = sourceIdOf(task);
    if (sourceId === undefined)
      return issue(
        `${at}.id`,
        'a task needs an "id" (a number or a non-empty string): it becomes the content source id',
      );
    const seen = sourceIds.get(sourceId);
    if (seen !== undefined)
      return issue(`${at}.id`, `task id "${sourceId}" was already given by tasks[${seen}]`);
    const data = task.data;
    if (!isObj(data)) return issue(`${at}.data`, 'a task needs a "data" object');
    const text = data[textField.field];
    if (typeof text !== 'string' || !text.trim())
      return issue(
        `${at}.data.${textField.field}`,
        `must be a non-empty string: it is the text <${textField.name}> shows`,
      );
    for (const key of ['annotations', 'predictions'] as const) {
      if (task[key] !== undefined && task[key] !== null && !Array.isArray(task[key]))
        return issue(`${at}.${key}`, 'must be an array');
    }
    sourceIds.set(sourceId, i);
    const metadata = Object.fromEntries(
      Object.entries(data).filter(
        (e): e is [string, string] => e[0] !== textField.field && typeof e[1] === 'string',
      ),
    );
    out.content.push({
      at: i + 1,
      body: { source, sourceId, contentType: 'text', text, tags: [], metadata },
    });
    out.counts.imported_tasks++;

    const readResults = (results: unknown, path: string): ChoiceResult[] => {
      if (!Array.isArray(results)) {
        issue(`${path}.result`, 'must be an array of results');
        return [];
      }
      const read: ChoiceResult[] = [];
      results.forEach((r: unknown, k) => {
        const rp = `${path}.result[${k}]`;
        const one = readChoiceResult(r, questions, (field, reason) =>
          issue(field ? `${rp}.${field}` : rp, reason),
        );
        if (!one) return;
        if (read.some((x) => x.question === one.question))
          return issue(
            `${rp}.from_name`,
            `"${one.question.id}" is answered twice in one ${path.includes('predictions') ? 'prediction' : 'annotation'}`,
          );
        read.push(one);
      });
      return read;
    };

    const answeredBy = new Map<string, string>();
    ((task.annotations as unknown[] | undefined) ?? []).forEach((a: unknown, j) => {
      const ap = `${at}.annotations[${j}]`;
      if (!isObj(a)) return issue(ap, 'an annotation must be a JSON object');
      if (a.was_cancelled === true) {
        out.counts.cancelled++;
        return;
      }
      if (isObj(a.meta) && isObj(a.meta.verity) && a.meta.verity.role === 'final_label') {
        out.counts.final_labels++;
        return;
      }
      out.counts.annotations++;
      const annotator = annotatorOf(a.completed_by, mapping, prefix);
      if (typeof annotator === 'string') return issue(`${ap}.completed_by`, annotator);
      const createdAt = a.created_at ?? a.updated_at;
      if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
        return issue(`${ap}.created_at`, 'must be a date-time: an answer needs its time');
      const lead = a.lead_time;
      if (
        lead !== undefined &&
        lead !== null &&
        !(typeof lead === 'number' && Number.isFinite(lead) && lead >= 0)
      ) {
        return issue(`${ap}.lead_time`, 'must be a non-negative number of seconds');
      }
      if (!annotators.has(annotator.key)) annotators.set(annotator.key, annotator);
      readResults(a.result, ap).forEach((r) => {
        const pair = `${annotator.key}\u0000${r.question.id}`;
        const earlier = answeredBy.get(pair);
        if (earlier)
          return issue(
            ap,
            `annotator "${annotator.key}" already answered "${r.question.id}" in ${earlier}; Verity keeps one answer per annotator and question`,
          );
        answeredBy.set(pair, ap);
        const answer: ImportedAnswer = {
          source_id: sourceId,
          question_id: r.question.id,
          label: labelOf(r),
          option_ids: r.optionIds,
          annotator: annotator.key,
          created_at: createdAt,
        };
        if (typeof lead === 'number') answer.lead_time = lead;
        if (a.ground_truth === true) answer.ground_truth = true;
        if (typeof a.id === 'number' || typeof a.id === 'string') answer.ls_annotation_id = a.id;
        out.answers.push(answer);
      });
    });

    const predictedBy = new Map<string, string>();
    ((task.predictions as unknown[] | undefined) ?? []).forEach((p: unknown, j) => {
      const pp = `${at}.predictions[${j}]`;
      if (!isObj(p)) return issue(pp, 'a prediction must be a JSON object');
      out.counts.predictions++;
      const given =
        typeof p.model_version === 'string' && p.model_version.trim() ? p.model_version : undefined;
      const modelVersion = given ?? options.defaultModelVersion;
      if (!modelVersion)
        return issue(
          `${pp}.model_version`,
          'a prediction needs a model_version (or give defaultModelVersion)',
        );
      if (
        p.score !== undefined &&
        p.score !== null &&
        !(typeof p.score === 'number' && Number.isFinite(p.score))
      )
        return issue(`${pp}.score`, 'must be a number');
      readResults(p.result, pp).forEach((r) => {
        const pair = `${modelVersion}\u0000${r.question.id}`;
        const earlier = predictedBy.get(pair);
        if (earlier)
          return issue(
            pp,
            `model "${modelVersion}" already predicted "${r.question.id}" in ${earlier}`,
          );
        predictedBy.set(pair, pp);
        const prelabel: ImportedPrelabel = {
          source_id: sourceId,
          question_id: r.question.id,
          label: labelOf(r),
          option_ids: r.optionIds,
          model_version: modelVersion,
        };
        const score = r.score ?? (typeof p.score === 'number' ? p.score : undefined);
        if (score !== undefined) prelabel.score = score;
        out.prelabels.push(prelabel);
      });
    });
  });
  out.annotators = [...annotators.values()];
  return out;
}

function sourceIdOf(task: Obj): string | undefined {
  const id = task.id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  if (typeof id === 'string' && id.trim()) return id;
  // A task Verity exported without a numeric id carries its source id in meta.
  if (
    (id === undefined || id === null) &&
    isObj(task.meta) &&
    typeof task.meta.verity_source_id === 'string' &&
    task.meta.verity_source_id
  )
    return task.meta.verity_source_id;
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InterchangeError('(file)', `not JSON (${(e as Error).message})`);
  }
}
