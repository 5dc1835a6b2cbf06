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
