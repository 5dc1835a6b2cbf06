import { InterchangeError } from '../interchange-error';

/**
 * The fields of a release row (one line of a release's labels.jsonl, `ReleaseRow` of the export
 * service) this library reads. Nested parts are the protobuf JSON mapping with proto field names,
 * as the export service writes them.
 */
export interface ReleaseRowLike {
  item_id: string;
  question_id: string;
  label_version: number;
  status?: 'active' | 'excluded';
  label: string;
  /** `{"choice": {"option_ids": [...]}}` for choice questions. */
  answer: unknown;
  confidence: number;
  ontology_version?: number;
  adjudicated?: boolean;
  gold?: boolean;
  decided_at?: string;
  /** `{"source", "source_id", ...}`. */
  content?: unknown;
  /** `{"answers": [AnswerRecord], "aggregation": {"method", ...}, ...}`. */
  provenance?: unknown;
}

/** One answer record of a row's provenance, as this library needs it. */
export interface ProvenanceAnswer {
  annotationId: string;
  annotatorId: string;
  source: 'human' | 'machine' | 'expert' | 'feedback' | 'unspecified';
  optionIds: string[];
  submittedAt?: string;
  timeSpentMs?: number;
  prelabelEventId: string;
  model?: {
    modelId: string;
    modelVersion: string;
    confidence?: number;
    calibratedConfidence?: number;
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v; // uint64 fields are strings in proto JSON
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** The chosen option ids of a proto-JSON Answer; throws naming `at` for any other kind. */
export function choiceOptionIds(answer: unknown, at: string): string[] {
  if (!isObj(answer)) throw new InterchangeError(at, 'has no answer');
  const choice = answer.choice;
  if (!isObj(choice)) {
    const kind = Object.keys(answer)[0] ?? 'empty';
    throw new InterchangeError(
      at,
      `is a ${kind} answer; only choice answers convert to Label Studio choices`,
    );
  }
  const ids = choice.option_ids ?? choice.optionIds ?? [];
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string' && x))
    throw new InterchangeError(`${at}.choice.option_ids`, 'must be a list of option ids');
  return ids as string[];
}

/** The row's answer records (empty when it has no provenance). */
export function provenanceAnswers(row: ReleaseRowLike, at: string): ProvenanceAnswer[] {
  const answers = isObj(row.provenance) ? row.provenance.answers : undefined;
  if (answers === undefined) return [];
  if (!Array.isArray(answers))
    throw new InterchangeError(`${at}.provenance.answers`, 'must be a list');
  return answers.map((a: unknown, k) => {
    const ap = `${at}.provenance.answers[${k}]`;
    if (!isObj(a)) throw new InterchangeError(ap, 'must be an object');
    const annotatorId = str(a.annotator_id);
    if (!annotatorId)
      throw new InterchangeError(`${ap}.annotator_id`, 'an answer record needs its annotator');
    const source = str(a.source)
      .replace(/^ANSWER_SOURCE_/, '')
      .toLowerCase();
    const m = isObj(a.model) ? a.model : undefined;
    return {
      annotationId: str(a.annotation_id),
      annotatorId,
      source: (['human', 'machine', 'expert', 'feedback'].includes(source)
        ? source
        : 'unspecified') as ProvenanceAnswer['source'],
      optionIds: choiceOptionIds(a.answer, `${ap}.answer`),
      submittedAt: str(a.submitted_at) || undefined,
      timeSpentMs: num(a.time_spent_ms),
      prelabelEventId: str(a.prelabel_event_id),
      model: m
        ? {
            modelId: str(m.model_id),
            modelVersion: str(m.model_version),
            confidence: num(m.confidence),
            calibratedConfidence: num(m.calibrated_confidence),
          }
        : undefined,
    };
  });
}

/** `AGGREGATION_METHOD_DAWID_SKENE` → `dawid_skene`; none → `unspecified`. */
export function aggregationMethodOf(row: ReleaseRowLike): string {
  const agg =
    isObj(row.provenance) && isObj(row.provenance.aggregation)
      ? row.provenance.aggregation
      : undefined;
  return (str(agg?.method).replace(/^AGGREGATION_METHOD_/, '') || 'UNSPECIFIED').toLowerCase();
}

/** The content source id and source of the row's item, when the row names them. */
export function contentSourceOf(row: ReleaseRowLike): { source?: string; sourceId?: string } {
  const c = isObj(row.content) ? row.content : {};
  return { source: str(c.source) || undefined, sourceId: str(c.source_id) || undefined };
}
