import type { AuditVersion, LabelAudit, OntologyVersionFull } from '../../api/item-story-client';
import { currentOntology, enumName, optionsOf, storyOf } from './story';

const human = (id: string, who: string, at: string, optionId: string) => ({
  annotationId: id,
  annotatorId: who,
  source: 'ANSWER_SOURCE_HUMAN',
  answer: { choice: { optionIds: [optionId] } },
  submittedAt: at,
  timeSpentMs: '4200',
  draftShown: true,
  reliability: 0.9,
  eventId: `ev-${id}`,
  prelabelEventId: 'pre-1',
});

const version = (labelVersion: number, recordedAt: string, labelEvent: Record<string, unknown>, extra: Partial<AuditVersion> = {}): AuditVersion => ({
  labelVersion,
  status: 'active',
  label: 'spam',
  adjudicated: false,
  gold: false,
  confidence: 0.8,
  ontologyVersion: 1,
  recordedAt,
  contentDigest: 'd',
  labelEvent,
  decisions: [],
  releases: [],
  ...extra,
});

const audit: LabelAudit = {
  itemId: 'item-1',
  questionId: 'q1',
  projectId: 'p1',
  currentVersion: 2,
  content: { source: 'youtube', sourceId: 'c-9', contentType: 'CONTENT_TYPE_TEXT', contentSha256: 'abc' },
  chain: {
    contentEventIds: ['content-ev'],
    correlationIds: [],
    itemEventId: 'item-ev',
    taskIds: ['task-1'],
    taskEventIds: ['task-ev'],
    annotationIds: [],
    annotationEventIds: [],
    prelabelEventIds: [],
    annotations: [],
    adjudicationRequestIds: [],
    decisionEventIds: [],
    labelEventIds: [],
    releaseIds: [],
    path: [],
    missing: [],
  },
  versions: [
    // Given newest first on purpose: the story orders them itself.
    version(
      2,
      '2025-06-01T12:00:05Z',
      {
        envelope: { eventId: 'label-ev-2' },
        label: 'ham',
        decidedAt: '2025-06-01T12:00:00Z',
        provenance: {
          taskId: 'task-1',
          taskEventId: 'task-ev',
          answers: [human('a1', 'u1', '2025-06-01T10:00:00Z', 'spam'), human('a2', 'u2', '2025-06-01T10:05:00Z', 'ham')],
          aggregation: { method: 'AGGREGATION_METHOD_ADJUDICATION', parameters: { tier: 'expert' } },
          verdict: { requestId: 'req-1', adjudicatorId: 'x1', tier: 'ADJUDICATION_TIER_EXPERT', answer: { choice: { optionIds: ['ham'] } }, note: 'obvious', confidence: 0.95, decidedAt: '2025-06-01T12:00:00Z' },
        },
      },
      {
        label: 'ham',
        adjudicated: true,
        releases: [{ releaseId: 'r1', name: 'june', createdAt: '2025-06-02T00:00:00Z', location: 's3://verity/releases/p1/r1/' }],
        decisions: [
          { decisionEventId: 'd2', decisionId: 'd2', producer: 'adjudication', outcome: 'new_version', decidedAt: '2025-06-01T12:00:00Z', receivedAt: '2025-06-01T12:00:04Z' },
        ],
      },
    ),
    version(1, '2025-06-01T10:05:02Z', {
      envelope: { eventId: 'label-ev-1' },
      label: 'spam',
      decidedAt: '2025-06-01T10:05:01Z',
      provenance: {
        taskId: 'task-1',
        taskEventId: 'task-ev',
        answers: [
          human('a1', 'u1', '2025-06-01T10:00:00Z', 'spam'),
          human('a2', 'u2', '2025-06-01T10:05:00Z', 'ham'),
          {
            annotationId: 'm1',
            annotatorId: 'model:local-lr/p1/q1',
            source: 'ANSWER_SOURCE_MACHINE',
            answer: { choice: { optionIds: ['spam'] } },
            submittedAt: '2025-06-01T09:59:00Z',
            model: { backend: 'MODEL_BACKEND_LOCAL', modelId: 'local-lr/p1/q1', modelVersion: 'v3', confidence: 0.7, calibratedConfidence: 0.66 },
          },
        ],
        aggregation: { method: 'AGGREGATION_METHOD_DAWID_SKENE', parameters: { tolerance: '1e-6', iterations: '50' } },
        agreement: { pairwise: 0.33, answerCount: 3 },
      },
    }),
  ],
};

describe('storyOf', () => {
  const steps = storyOf(audit);

  it('starts at the content, the item and the task, then follows time', () => {
    expect(steps.map((s) => `${s.kind}${'version' in s ? ` v${s.version}` : ''}`)).toEqual([
      'content',
      'item',
      'task',
      'answer',
      'answer',
      'answer',
      'label v1',
      'verdict v2',
      'label v2',
      'release v2',
    ]);
  });

  it('describes the content from its reference', () => {
    expect(steps[0]).toEqual({ kind: 'content', at: null, eventIds: ['content-ev'], source: 'youtube', sourceId: 'c-9', contentType: 'text', sha256: 'abc' });
    expect(steps[2]).toEqual({ kind: 'task', at: null, taskId: 'task-1', eventId: 'task-ev' });
  });

  it('shows each answer once, with the versions that counted it, who gave it and which model', () => {
    const answers = steps.filter((s) => s.kind === 'answer');
    expect(answers.map((a) => [a.annotationId, a.source, a.versions])).toEqual([
      ['m1', 'machine', [1]],
      ['a1', 'human', [1, 2]],
      ['a2', 'human', [1, 2]],
    ]);
    const machine = answers[0];
    expect(machine.model).toEqual({ backend: 'local', modelId: 'local-lr/p1/q1', modelVersion: 'v3', promptVersion: null, confidence: 0.7, calibratedConfidence: 0.66 });
    expect(answers[1]).toMatchObject({ timeSpentMs: 4200, draftShown: true, reliability: 0.9, weight: null, eventId: 'ev-a1', prelabelEventId: 'pre-1' });
  });

  it('gives each label version its aggregation, agreement and decisions; marks the current one', () => {
    const labels = steps.filter((s) => s.kind === 'label');
    expect(labels[0]).toMatchObject({
      version: 1,
      current: false,
      method: 'dawid_skene',
      parameters: [
        ['iterations', '50'],
        ['tolerance', '1e-6'],
      ],
      agreement: { pairwise: 0.33, answerCount: 3 },
      eventId: 'label-ev-1',
    });
    expect(labels[1]).toMatchObject({ version: 2, current: true, adjudicated: true, method: 'adjudication', agreement: null, decisions: [expect.objectContaining({ outcome: 'new_version' })] });
  });

  it('records the verdict with its note and tier, and the release that shipped the version', () => {
    expect(steps.find((s) => s.kind === 'verdict')).toMatchObject({ adjudicatorId: 'x1', tier: 'expert', note: 'obvious', confidence: 0.95, requestId: 'req-1' });
    expect(steps[steps.length - 1]).toEqual({ kind: 'release', at: '2025-06-02T00:00:00Z', version: 2, releaseId: 'r1', name: 'june', location: 's3://verity/releases/p1/r1/' });
  });

  it('copes with a label event carrying nothing but defaults', () => {
    const bare = storyOf({ ...audit, content: null, chain: { ...audit.chain, contentEventIds: [], itemEventId: null }, versions: [version(1, '2025-06-01T00:00:00Z', {})], currentVersion: 1 });
    expect(bare.map((s) => s.kind)).toEqual(['content', 'item', 'label']);
    expect(bare[2]).toMatchObject({ method: null, parameters: [], agreement: null, eventId: null, decidedAt: null });
  });
});

describe('a migrated label', () => {
  it('says which map carried it, from which version and label', () => {
    const migrated = storyOf({
      ...audit,
      currentVersion: 3,
      versions: [
        ...audit.versions,
        version(3, '2025-06-03T00:00:00Z', {
          provenance: {
            aggregation: { method: 'AGGREGATION_METHOD_ONTOLOGY_MIGRATION' },
            migration: {
              entries: [{ questionId: 'q1', kind: 'OPTION_MIGRATION_KIND_RENAME', fromOptionIds: ['ham'], toOptionIds: ['not_spam'] }],
              fromOntologyVersion: 1,
              toOntologyVersion: 2,
              fromLabelVersion: 2,
              fromLabel: 'ham',
              projectEventId: 'pe-1',
            },
          },
        }, { ontologyVersion: 2, label: 'not_spam' }),
      ],
    });
    expect(migrated[migrated.length - 1]).toMatchObject({
      kind: 'label',
      version: 3,
      current: true,
      method: 'ontology_migration',
      migration: { fromOntologyVersion: 1, toOntologyVersion: 2, fromLabelVersion: 2, fromLabel: 'ham', entries: [{ kind: 'rename', from: ['ham'], to: ['not_spam'] }], projectEventId: 'pe-1' },
    });
  });
});

describe('enumName', () => {
  it('strips the protobuf enum prefix', () => {
    expect(enumName('AGGREGATION_METHOD_MAJORITY_VOTE', 'AGGREGATION_METHOD_')).toBe('majority_vote');
    expect(enumName('human', 'ANSWER_SOURCE_')).toBe('human');
    expect(enumName(undefined, 'X_')).toBeNull();
  });
});

describe('ontology', () => {
  const o = (version: number, status: 'draft' | 'published', options: string[]): OntologyVersionFull =>
    ({
      version,
      status,
      questions: [{ id: 'q1', type: 'single_choice', prompt: 'Spam?', options: options.map((id) => ({ id, label: id.toUpperCase(), description: '' })), required: true, contentTypes: [] }],
    }) as unknown as OntologyVersionFull;
  const all = [o(1, 'published', ['spam', 'ham']), o(2, 'published', ['spam', 'ham', 'unsure']), o(3, 'draft', ['x'])];

  it('uses the project current version, else the latest published one', () => {
    expect(currentOntology(all, 1)?.version).toBe(1);
    expect(currentOntology(all, null)?.version).toBe(2);
    expect(currentOntology(all, 9)?.version).toBe(2);
    expect(currentOntology([o(1, 'draft', [])], null)).toBeNull();
  });

  it('reads options as of the label ontology version, else from any version having the question', () => {
    expect(optionsOf(all, 1, 'q1').map((x) => x.id)).toEqual(['spam', 'ham']);
    expect(optionsOf(all, 7, 'q1').map((x) => x.id)).toEqual(['x']);
    expect(optionsOf(all, 1, 'nope')).toEqual([]);
  });
});
