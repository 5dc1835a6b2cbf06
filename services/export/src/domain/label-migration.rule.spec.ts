import { create } from '@bufbuild/protobuf';
import { AggregationMethod, AnswerSchema, createEvent, LabelEventSchema, newEnvelope, OptionMigrationKind, OptionMigrationSchema, ProjectChange, RelabelPolicy, TOPICS, labelOptionIds } from '@verity/contracts';
import { sampleDecision } from '../../test/support/decisions';
import { labelEventFrom } from '../events/label-event.factory';
import { applyMap, mapDecision, MigrationMap, migrationMapOf, splitOptions } from './label-migration.rule';
import { migratedLabelEvent } from '../use-cases/migrate-labels.use-case';

const entry = (questionId: string, kind: OptionMigrationKind, from: string[], to: string[]) =>
  create(OptionMigrationSchema, { questionId, kind, fromOptionIds: from, toOptionIds: to });
const rename = entry('q1', OptionMigrationKind.RENAME, ['toxic'], ['abusive']);
const merge = entry('q1', OptionMigrationKind.MERGE, ['spam', 'ads'], ['promo']);
const split = entry('q1', OptionMigrationKind.SPLIT, ['other'], ['neutral', 'off_topic']);
const map = (toVersion: number, ...entries: ReturnType<typeof entry>[]): MigrationMap => ({
  projectId: 'p1',
  toVersion,
  fromVersion: toVersion - 1,
  entries,
  projectEventId: `proj-evt-${toVersion}`,
});
const choice = (...ids: string[]) => create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ids } } });

describe('applyMap', () => {
  it('renames the label, the answer and the soft label', () => {
    const out = applyMap({ questionId: 'q1', label: 'toxic', answer: choice('toxic'), softLabel: { toxic: 0.75, other: 0.25 } }, [rename, merge, split]);
    expect(out).toMatchObject({ kind: 'mapped', label: 'abusive', softLabel: { abusive: 0.75, other: 0.25 }, entries: [rename] });
    expect(out.kind === 'mapped' && out.answer?.value.case === 'choice' && out.answer.value.value.optionIds).toEqual(['abusive']);
  });

  it('merges, summing the merged options’ probabilities', () => {
    const out = applyMap({ questionId: 'q1', label: 'ads', softLabel: { spam: 0.25, ads: 0.5, toxic: 0.25 } }, [rename, merge]);
    expect(out).toMatchObject({ kind: 'mapped', label: 'promo', softLabel: { promo: 0.75, abusive: 0.25 } });
  });

  it('leaves other questions, unmapped labels and split labels alone', () => {
    expect(applyMap({ questionId: 'q2', label: 'toxic', softLabel: {} }, [rename])).toEqual({ kind: 'untouched' });
    expect(applyMap({ questionId: 'q1', label: 'fine', softLabel: { toxic: 0.1 } }, [rename])).toEqual({ kind: 'untouched' });
    expect(applyMap({ questionId: 'q1', label: 'other', softLabel: {} }, [rename, split])).toEqual({ kind: 'split', entries: [split] });
  });

  it('maps every option of a multiple-choice answer and of labeled spans, de-duplicating choices', () => {
    const multi = applyMap({ questionId: 'q1', label: '', answer: choice('spam', 'ads', 'toxic'), softLabel: {} }, [rename, merge]);
    expect(multi.kind === 'mapped' && multi.answer?.value.case === 'choice' && multi.answer.value.value.optionIds).toEqual(['promo', 'abusive']);
    expect(multi.kind === 'mapped' && multi.entries).toEqual([rename, merge]);
    const spans = create(AnswerSchema, { value: { case: 'textSpans', value: { spans: [{ start: 0, end: 3, optionId: 'toxic' }] } } });
    const out = applyMap({ questionId: 'q1', label: '', answer: spans, softLabel: {} }, [rename]);
    expect(out.kind === 'mapped' && out.answer?.value.case === 'textSpans' && out.answer.value.value.spans[0].optionId).toBe('abusive');
    expect(labelOptionIds({ label: '', answer: spans })).toEqual(['toxic']);
  });
});

describe('migrationMapOf', () => {
  const project = (change: ProjectChange, withPublished: boolean, currentMigrations = [rename]) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId: 'p1', spec: TOPICS.projects, eventId: 'evt-1' }),
      change,
      project: { projectId: 'p1', revision: 3n, currentOntology: { version: 2 }, currentMigrations },
      ontologyPublished: withPublished ? { ontologyVersion: 2, previousVersion: 1, relabelPolicy: RelabelPolicy.KEEP, migrations: [rename, split] } : undefined,
    });

  it('takes the published map, else the current version’s, else none', () => {
    expect(migrationMapOf(project(ProjectChange.ONTOLOGY_PUBLISHED, true))).toEqual({
      projectId: 'p1',
      toVersion: 2,
      fromVersion: 1,
      entries: [rename, split],
      projectEventId: 'evt-1',
    });
    expect(migrationMapOf(project(ProjectChange.MEMBERS_CHANGED, false))).toMatchObject({ toVersion: 2, fromVersion: 1, entries: [rename] });
    expect(migrationMapOf(project(ProjectChange.MEMBERS_CHANGED, false, []))).toBeUndefined();
  });

  it('an event without the fields (written before them) means no migration', () => {
    const old = project(ProjectChange.ONTOLOGY_PUBLISHED, true, []);
    old.ontologyPublished!.migrations = [];
    expect(migrationMapOf(old)).toBeUndefined();
  });

  it('splitOptions lists the split options per question', () => {
    expect(splitOptions([rename, split])).toEqual(new Map([['q1', new Set(['other'])]]));
  });
});

describe('migratedLabelEvent', () => {
  const prev = labelEventFrom(sampleDecision('i1', 'q1', 'toxic'), { labelVersion: 3, recordedAt: new Date('2025-03-01T10:00:01Z') });
  const cause = createEvent(TOPICS.projects, { envelope: newEnvelope({ producer: 'gateway', projectId: 'p1', spec: TOPICS.projects, eventId: 'proj-evt-2' }) });

  it('is the next version: mapped label, new ontology version, migration provenance, same answers', () => {
    const e = migratedLabelEvent(prev, map(2, rename), { labelVersion: 4, migratedAt: new Date('2025-04-01T00:00:00Z'), recordedAt: new Date(), cause })!;
    expect(e).toMatchObject({ itemId: 'i1', questionId: 'q1', label: 'abusive', labelVersion: 4, ontologyVersion: 2, confidence: 0.75, softLabel: { abusive: 0.75, other: 0.25 } });
    expect(e.envelope).toMatchObject({ causationId: 'proj-evt-2', correlationId: prev.envelope!.correlationId, producer: 'export' });
    expect(e.envelope!.eventId).not.toBe(prev.envelope!.eventId);
    expect(e.provenance!.aggregation).toMatchObject({
      method: AggregationMethod.ONTOLOGY_MIGRATION,
      parameters: { previous_method: 'DAWID_SKENE', from_ontology_version: '1', to_ontology_version: '2', from_label_version: '3' },
    });
    expect(e.provenance!.migration).toMatchObject({ entries: [rename], fromOntologyVersion: 1, toOntologyVersion: 2, fromLabelVersion: 3, fromLabel: 'toxic', projectEventId: 'proj-evt-2' });
    expect(e.provenance!.answers).toHaveLength(2);
    expect(e.provenance!.decisionEventId).toBe(prev.provenance!.decisionEventId);
    // The stored label is not changed.
    expect(prev.label).toBe('toxic');
    expect(create(LabelEventSchema, prev).provenance!.migration).toBeUndefined();
  });

  it('is nothing for a split or an unmapped label', () => {
    const other = labelEventFrom(sampleDecision('i2', 'q1', 'other'), { labelVersion: 1, recordedAt: new Date() });
    expect(migratedLabelEvent(other, map(2, rename, split), { labelVersion: 2, migratedAt: new Date(), recordedAt: new Date(), cause })).toBeUndefined();
  });
});

describe('mapDecision (a late decision under an older version)', () => {
  it('goes through every newer map in order and says so', () => {
    const d = sampleDecision('i1', 'q1', 'ads');
    const v3 = map(3, entry('q1', OptionMigrationKind.RENAME, ['promo'], ['commercial']));
    const { decision, migration } = mapDecision(d, [map(2, merge), v3]);
    expect(decision).toMatchObject({ label: 'commercial', ontologyVersion: 3, softLabel: { commercial: 0.75, other: 0.25 } });
    expect(decision.answer?.value.case === 'choice' && decision.answer.value.value.optionIds).toEqual(['commercial']);
    expect(migration).toEqual({ entries: [merge, v3.entries[0]], fromOntologyVersion: 1, toOntologyVersion: 3, fromLabelVersion: 0, fromLabel: 'ads', projectEventId: 'proj-evt-3' });
    expect(d.label).toBe('ads');
  });

  it('is unchanged when no map applies, and stops at a split', () => {
    const d = sampleDecision('i1', 'q1', 'fine');
    expect(mapDecision(d, [map(2, rename)])).toEqual({ decision: d });
    const o = sampleDecision('i1', 'q1', 'other');
    expect(mapDecision(o, [map(2, split), map(3, entry('q1', OptionMigrationKind.RENAME, ['other'], ['x']))])).toEqual({ decision: o });
    const current = sampleDecision('i1', 'q1', 'toxic');
    current.ontologyVersion = 2;
    expect(mapDecision(current, [map(2, rename)])).toEqual({ decision: current });
  });
});
