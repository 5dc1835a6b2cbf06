import { create } from '@bufbuild/protobuf';
import { ContentReferenceSchema, createEvent } from '@verity/contracts';
import { sampleDecision } from '../../test/support/decisions';
import { labelEventFrom } from '../events/label-event.factory';
import { buildJsonl, compareRowKeys, releaseLine, releaseRowOf } from './release-row.mapper';

describe('release rows', () => {
  const event = labelEventFrom(sampleDecision('item-1', 'q1'), {
    labelVersion: 2,
    recordedAt: new Date('2025-03-01T10:00:01Z'),
    content: create(ContentReferenceSchema, { source: 'yt', sourceId: 'c1', contentType: 1, contentSha256: 'ab'.repeat(32) }),
  });

  it('is canonical JSON with sorted keys, snake_case provenance and every field a training job needs', () => {
    const line = releaseLine(releaseRowOf(event));
    const obj = JSON.parse(line);
    expect(Object.keys(obj)).toEqual([...Object.keys(obj)].sort());
    expect(obj).toMatchObject({
      item_id: 'item-1',
      question_id: 'q1',
      label_version: 2,
      status: 'active',
      label: 'toxic',
      soft_label: { other: 0.25, toxic: 0.75 },
      confidence: 0.75,
      ontology_version: 1,
      adjudicated: false,
      gold: false,
      decided_at: '2025-03-01T10:00:00.123Z',
      project_id: 'p1',
      content: { content_sha256: 'ab'.repeat(32), source: 'yt', source_id: 'c1' },
    });
    expect(obj.provenance.answers[0]).toMatchObject({ annotator_id: 'u1', reliability: 0.9, time_spent_ms: '1200' });
    expect(obj.provenance.answers[1].model).toMatchObject({ model_id: 'm1', prompt_version: 'p3' });
    expect(obj.provenance.aggregation.method).toBe('AGGREGATION_METHOD_DAWID_SKENE');
    expect(obj.provenance.decision_event_id).toBe(event.provenance?.decisionEventId);
    expect(line).not.toMatch(/\s"|":\s/);
    expect(releaseLine(releaseRowOf(event))).toBe(line);
  });

  it('labels.jsonl is ordered by item id then question id (code points), one line each, newline-terminated', () => {
    const rows = [
      { itemId: 'b', questionId: 'q1', line: '{"n":3}' },
      { itemId: 'a', questionId: 'q2', line: '{"n":2}' },
      { itemId: 'a', questionId: 'q1', line: '{"n":1}' },
      { itemId: 'a\u{1F600}', questionId: 'q', line: '{"n":5}' },
      { itemId: 'a\uFF5E', questionId: 'q', line: '{"n":4}' },
    ];
    const out = buildJsonl(rows).toString('utf8');
    expect(out).toBe('{"n":1}\n{"n":2}\n{"n":4}\n{"n":5}\n{"n":3}\n');
    expect(buildJsonl([...rows].reverse()).equals(buildJsonl(rows))).toBe(true);
    expect(buildJsonl([]).length).toBe(0);
    expect(compareRowKeys({ itemId: 'a', questionId: 'q' }, { itemId: 'a', questionId: 'q' })).toBe(0);
  });

  it('refuses two rows for one (item, question)', () => {
    expect(() => buildJsonl([{ itemId: 'a', questionId: 'q', line: '{}' }, { itemId: 'a', questionId: 'q', line: '{}' }])).toThrow(/two rows/);
  });

  it('the LabelEvent carries provenance, version and causality', () => {
    expect(event.labelVersion).toBe(2);
    expect(event.envelope?.causationId).toBe(event.provenance?.decisionEventId);
    expect(event.envelope?.correlationId).toBe('content-evt-1');
    expect(event.provenance?.answers).toHaveLength(2);
    expect(createEvent).toBeDefined();
  });
});
