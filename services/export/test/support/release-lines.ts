import { labelEventFrom } from '../../src/events/label-event.factory';
import { releaseLine, releaseRowOf, ReleaseRow } from '../../src/domain/release-row.mapper';
import { sampleDecision } from './decisions';

/**
 * Deterministic release lines (no clock, no random ids), in release order: fixed inputs for
 * byte-level checks of labels.jsonl and labels.parquet.
 */
export function fixedReleaseLines(n: number): { itemId: string; questionId: string; line: string }[] {
  const out: { itemId: string; questionId: string; line: string }[] = [];
  for (let i = 0; i < n; i++) {
    const itemId = `item-${String(Math.floor(i / 2)).padStart(6, '0')}`;
    const questionId = i % 2 ? 'q2' : 'q1';
    const label = ['toxic', 'ok', 'harassment'][i % 3];
    const row: ReleaseRow = {
      project_id: 'p-fixed',
      item_id: itemId,
      question_id: questionId,
      label_version: 1 + (i % 4),
      status: i % 11 === 0 ? 'excluded' : 'active',
      label,
      answer: { choice: { option_ids: [label] } },
      soft_label: { [label]: 0.75, other: 0.25 },
      confidence: 0.75,
      ontology_version: 1,
      adjudicated: i % 5 === 0,
      gold: i % 7 === 0,
      decided_at: new Date(Date.UTC(2025, 2, 1, 10, 0, i % 60)).toISOString(),
      label_event_id: `label-evt-${i}`,
      content: i % 3 === 0 ? null : { source: 'fixture', source_id: `s-${i}`, content_sha256: `sha-${i}` },
      provenance: {
        answers: [{ annotation_id: `a-${i}`, annotator_id: `u${i % 5}`, source: 'ANSWER_SOURCE_HUMAN', reliability: 0.9 }],
        decision_event_id: `dec-evt-${i}`,
        content_event_id: `content-evt-${i}`,
        task_id: `task-${i}`,
      },
    };
    out.push({ itemId, questionId, line: releaseLine(row) });
  }
  return out;
}

/**
 * Release lines made the way releases make them (a decision → its label event → the row):
 * item-0000…, questions q0..q2, labels toxic/ok, label versions 1..4. Event ids are fresh.
 */
export function sampleReleaseLines(n: number): { itemId: string; questionId: string; line: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const e = labelEventFrom(sampleDecision(`item-${String(i).padStart(4, '0')}`, `q${i % 3}`, i % 2 ? 'ok' : 'toxic'), {
      labelVersion: 1 + (i % 4),
      recordedAt: new Date('2025-03-01T10:00:01Z'),
    });
    return { itemId: e.itemId, questionId: e.questionId, line: releaseLine(releaseRowOf(e)) };
  });
}

/**
 * Deterministic release lines whose nested parts take every shape the typed Parquet layout
 * must encode: absent, null and empty structs, lists and maps, empty and several elements,
 * nulls inside lists and maps, '' timestamps, defaults left out (protobuf JSON). Fixed inputs
 * for byte-level checks of labels.parquet's shredding.
 */
export function variedReleaseLines(n: number): { itemId: string; questionId: string; line: string }[] {
  return fixedReleaseLines(n).map((l, i) => {
    const row = JSON.parse(l.line);
    const pick = <T>(options: T[], salt: number): T => options[(i * 7 + salt) % options.length];
    const answers = [
      { choice: { option_ids: [] } },
      { choice: { option_ids: ['toxic', 'ok'] } },
      { choice: { option_ids: [null, 'ok'] } },
      { free_text: {} },
      { free_text: { text: `words ${i}` } },
      { text_spans: { spans: [{ start: '1', end: '5', option_id: 'x', text: 't' }, {}] } },
      { time_segments: { segments: [] } },
      { boxes: { boxes: [{ x: 0.5, y: 0.25, width: 1, height: 2, option_id: 'car' }, { frame_ms: '40' }] } },
      undefined,
    ];
    row.answer = pick(answers, 0);
    row.soft_label = pick([undefined, {}, { toxic: 0.5, ok: 0.5 }, { toxic: null, ok: 1 }, { only: 1 }], 1);
    row.content = pick(
      [
        null,
        { source: 's' },
        { source: 's', source_id: `s-${i}`, content_type: 'CONTENT_TYPE_TEXT', payload: { bucket: 'b', key: `k${i}`, size_bytes: '42' } },
        { content_sha256: `sha-${i}`, payload: {} },
      ],
      2,
    );
    const model = pick(
      [
        undefined,
        { backend: 'MODEL_BACKEND_LOCAL', confidence: 0.9, lf_votes: [] },
        { model_id: 'm', lf_votes: [{ lf_id: 'kw', lf_version: '2', option_id: 'toxic' }, {}] },
      ],
      3,
    );
    const answer = (k: number) => ({
      annotation_id: `a-${i}-${k}`,
      annotator_id: `u${(i + k) % 5}`,
      source: k ? 'ANSWER_SOURCE_HUMAN' : 'ANSWER_SOURCE_MODEL',
      answer: pick(answers, 4 + k),
      submitted_at: pick(['', '2025-03-01T10:00:00.123Z', '2025-03-01T10:00:00+02:00', undefined], 5 + k),
      time_spent_ms: k ? String(1000 * k) : undefined,
      draft_shown: k === 1,
      reliability: k ? 0.8 : undefined,
      model: k ? undefined : model,
    });
    row.provenance = {
      ...row.provenance,
      answers: pick([undefined, [], [answer(0)], [answer(0), answer(1), answer(2)]], 6),
      aggregation: pick([undefined, { method: 'AGGREGATION_METHOD_DAWID_SKENE' }, { parameters: {} }, { parameters: { a: '1', b: null } }], 7),
      agreement: pick([undefined, { pairwise: 0.5, answer_count: '3' }, {}], 8),
      verdict: pick([undefined, null, { adjudicator_id: 'e', answer: pick(answers, 9), decided_at: '2025-03-02T00:00:00Z' }, { note: 'n' }], 10),
      weak_labels: pick([undefined, [], [{ feedback_id: 'f', answer: { choice: { option_ids: ['ok'] } }, observed_at: '2025-03-03T00:00:00.5Z' }, {}]], 11),
      migration: pick([undefined, { entries: [] }, { entries: [{ question_id: 'q', from_option_ids: [], to_option_ids: ['a', 'b'] }], from_label: 'x' }], 12),
    };
    return { ...l, line: JSON.stringify(row) };
  });
}
