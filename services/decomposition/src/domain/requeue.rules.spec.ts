import { create } from '@bufbuild/protobuf';
import { AnswerSchema, ContentType, createEvent, newEnvelope, OntologyVersionSchema, OptionMigration, OptionMigrationKind, OptionMigrationSchema, ProjectChange, QuestionKind, RelabelPolicy, TOPICS, labelOptionIds } from '@verity/contracts';
import {
  currentMigrationsOf,
  currentRelabelPolicyOf,
  KnownLabel,
  labelFate,
  mapOptionsThrough,
  planAtPublish,
  planForLabel,
  RequeueInput,
  splitOptionsOf,
  VersionStep,
} from './requeue.rules';

const entry = (questionId: string, kind: OptionMigrationKind, from: string[], to: string[]) =>
  create(OptionMigrationSchema, { questionId, kind, fromOptionIds: from, toOptionIds: to });
const split = entry('q1', OptionMigrationKind.SPLIT, ['other'], ['neutral', 'off_topic']);
const rename = entry('q1', OptionMigrationKind.RENAME, ['toxic'], ['abusive']);
const merge = entry('q2', OptionMigrationKind.MERGE, ['maybe', 'unsure'], ['yes']);
const opts = (...ids: string[]) => ids.map((optionId) => ({ optionId, label: optionId }));

// v1: q1 (toxic | other | fine), q2 (yes | maybe | unsure | no), q3 if q2 = yes, qi (images), gone.
const v1 = create(OntologyVersionSchema, {
  version: 1,
  questions: [
    { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, options: opts('toxic', 'other', 'fine') },
    { questionId: 'q2', kind: QuestionKind.SINGLE_CHOICE, options: opts('yes', 'maybe', 'unsure', 'no') },
    { questionId: 'q3', kind: QuestionKind.MULTIPLE_CHOICE, options: opts('ads', 'scam'), condition: { questionId: 'q2', anyOfOptionIds: ['yes'] } },
    { questionId: 'qi', kind: QuestionKind.BOX, options: opts('logo'), contentTypes: [ContentType.IMAGE] },
    { questionId: 'gone', kind: QuestionKind.FREE_TEXT },
  ],
});
// v2: q1 (abusive | neutral | off_topic | fine), q2 (yes | no), q3, qi; new: qnew, qnewc (if q2 = yes),
// qabuse (if q1 = abusive), qimg (images); gone removed.
const v2 = create(OntologyVersionSchema, {
  version: 2,
  questions: [
    { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, options: opts('abusive', 'neutral', 'off_topic', 'fine') },
    { questionId: 'q2', kind: QuestionKind.SINGLE_CHOICE, options: opts('yes', 'no') },
    { questionId: 'q3', kind: QuestionKind.MULTIPLE_CHOICE, options: opts('ads', 'scam'), condition: { questionId: 'q2', anyOfOptionIds: ['yes'] } },
    { questionId: 'qi', kind: QuestionKind.BOX, options: opts('logo'), contentTypes: [ContentType.IMAGE] },
    { questionId: 'qnew', kind: QuestionKind.FREE_TEXT },
    { questionId: 'qnewc', kind: QuestionKind.FREE_TEXT, condition: { questionId: 'q2', anyOfOptionIds: ['yes'] } },
    { questionId: 'qabuse', kind: QuestionKind.FREE_TEXT, condition: { questionId: 'q1', anyOfOptionIds: ['abusive'] } },
    { questionId: 'qimg', kind: QuestionKind.FREE_TEXT, contentTypes: [ContentType.IMAGE] },
  ],
});
const v3 = create(OntologyVersionSchema, { ...v2, version: 3 });

const stepOf = (o: typeof v1, relabelPolicy: RelabelPolicy, migrations: OptionMigration[] = []): VersionStep => ({
  version: o.version,
  relabelPolicy,
  migrations,
  questionIds: new Set(o.questions.map((q) => q.questionId)),
});
const map = [split, rename, merge];
const steps = (policy: RelabelPolicy, migrations: OptionMigration[] = map) => [stepOf(v1, RelabelPolicy.KEEP), stepOf(v2, policy, migrations)];
const l = (questionId: string, options: string[], over: Partial<KnownLabel> = {}): KnownLabel => ({
  questionId,
  ontologyVersion: 1,
  options,
  active: true,
  parentTaskId: `t-${questionId}`,
  ...over,
});
const publish = (policy: RelabelPolicy, labels: KnownLabel[], over: Partial<RequeueInput & { decomposedUnder?: number }> = {}) =>
  planAtPublish({ target: v2, steps: steps(policy), contentType: ContentType.TEXT, labels, asked: new Set(), decomposedUnder: 1, ...over }).map((t) => [
    t.question.questionId,
    t.reason,
    t.parentTaskId,
  ]);

describe('what a snapshot says of its current version', () => {
  const event = (published: boolean, current = [rename], policy = RelabelPolicy.RELABEL) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId: 'p', spec: TOPICS.projects }),
      change: published ? ProjectChange.ONTOLOGY_PUBLISHED : ProjectChange.UPDATED,
      project: { projectId: 'p', revision: 2n, currentOntology: { version: 2 }, currentMigrations: current, currentRelabelPolicy: policy },
      ontologyPublished: published ? { ontologyVersion: 2, previousVersion: 1, relabelPolicy: RelabelPolicy.EXCLUDE, migrations: [split] } : undefined,
    });

  it('takes the published map and policy of the current version, else current_migrations / current_relabel_policy, else none', () => {
    expect(currentMigrationsOf(event(true))).toEqual([split]);
    expect(currentMigrationsOf(event(false))).toEqual([rename]);
    expect(currentMigrationsOf(event(false, []))).toEqual([]);
    expect(currentRelabelPolicyOf(event(true))).toBe(RelabelPolicy.EXCLUDE);
    expect(currentRelabelPolicyOf(event(false))).toBe(RelabelPolicy.RELABEL);
    expect(currentRelabelPolicyOf(event(false, [], RelabelPolicy.UNSPECIFIED))).toBe(RelabelPolicy.UNSPECIFIED);
  });

  it('a label names its label and its answer options; split options per question', () => {
    expect(splitOptionsOf(map, 'q1')).toEqual(['other']);
    expect(splitOptionsOf(map, 'q2')).toEqual([]);
    const multi = labelOptionIds({ label: '', answer: create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ['toxic', 'other'] } } }) });
    expect(multi).toEqual(['toxic', 'other']);
  });
});

describe('the fate of a label decided under an older version', () => {
  it('a split asks again (it beats a rewrite), a rename or merge rewrites, RELABEL asks again, KEEP keeps', () => {
    expect(labelFate(steps(RelabelPolicy.KEEP), l('q1', ['other']), 2)).toEqual({ ask: true, at: 2, reason: 'split' });
    expect(labelFate(steps(RelabelPolicy.KEEP), l('q1', ['toxic', 'other']), 2)).toEqual({ ask: true, at: 2, reason: 'split' });
    expect(labelFate(steps(RelabelPolicy.RELABEL), l('q1', ['toxic']), 2)).toEqual({ ask: false, at: 2, reason: 'rewritten' });
    expect(labelFate(steps(RelabelPolicy.RELABEL), l('q2', ['maybe']), 2)).toEqual({ ask: false, at: 2, reason: 'rewritten' });
    expect(labelFate(steps(RelabelPolicy.RELABEL), l('q1', ['fine']), 2)).toEqual({ ask: true, at: 2, reason: 'relabel' });
    expect(labelFate(steps(RelabelPolicy.RELABEL), l('gone', ['x']), 2)).toEqual({ ask: false });
    expect(labelFate(steps(RelabelPolicy.KEEP), l('q1', ['fine']), 2)).toEqual({ ask: false });
    expect(labelFate(steps(RelabelPolicy.EXCLUDE), l('q1', ['fine']), 2)).toEqual({ ask: false, at: 2, reason: 'excluded' });
    expect(labelFate(steps(RelabelPolicy.RELABEL), l('q1', ['fine'], { ontologyVersion: 2 }), 2)).toEqual({ ask: false });
  });

  it('walks every version after the label, oldest first; EXCLUDE withdraws only labels of the version right before it', () => {
    const keepThenRelabel = [stepOf(v1, RelabelPolicy.KEEP), stepOf(v2, RelabelPolicy.KEEP), stepOf(v3, RelabelPolicy.RELABEL)];
    expect(labelFate(keepThenRelabel, l('q1', ['fine']), 3)).toEqual({ ask: true, at: 3, reason: 'relabel' });
    expect(labelFate(keepThenRelabel, l('q1', ['fine']), 2)).toEqual({ ask: false });
    const excludeThenRelabel = [stepOf(v1, RelabelPolicy.KEEP), stepOf(v2, RelabelPolicy.EXCLUDE), stepOf(v3, RelabelPolicy.RELABEL)];
    expect(labelFate(excludeThenRelabel, l('q1', ['fine']), 3)).toEqual({ ask: false, at: 2, reason: 'excluded' });
    expect(labelFate(excludeThenRelabel, l('q1', ['fine'], { ontologyVersion: 2 }), 3)).toEqual({ ask: true, at: 3, reason: 'relabel' });
    const v0Label = l('q1', ['fine'], { ontologyVersion: 0 });
    expect(labelFate(excludeThenRelabel, v0Label, 3)).toEqual({ ask: true, at: 3, reason: 'relabel' });
  });

  it('maps options through the rewrites after the label, as export does (a split stops the chain)', () => {
    expect(mapOptionsThrough(steps(RelabelPolicy.KEEP), l('q1', ['toxic', 'fine']), 2)).toEqual(['abusive', 'fine']);
    expect(mapOptionsThrough(steps(RelabelPolicy.KEEP), l('q2', ['maybe', 'unsure', 'yes']), 2)).toEqual(['yes']);
    expect(mapOptionsThrough(steps(RelabelPolicy.KEEP), l('q1', ['toxic', 'other']), 2)).toEqual(['toxic', 'other']);
    expect(mapOptionsThrough(steps(RelabelPolicy.KEEP), l('q1', ['toxic'], { ontologyVersion: 2 }), 2)).toEqual(['toxic']);
  });
});

describe('planning at publish: which items and questions get a task under n + 1', () => {
  const labeled = [l('q1', ['fine']), l('q2', ['no']), l('gone', ['x'])];

  it('KEEP and EXCLUDE: only labels a split covers, with the old label task as parent', () => {
    for (const policy of [RelabelPolicy.KEEP, RelabelPolicy.EXCLUDE]) {
      expect(publish(policy, labeled)).toEqual([]);
      expect(publish(policy, [l('q1', ['other']), l('q2', ['no'])])).toEqual([['q1', 'split', 't-q1']]);
      expect(publish(policy, [l('q1', ['toxic'])])).toEqual([]);
    }
  });

  it('RELABEL: every active old label of a question n + 1 has, and the questions new in n + 1', () => {
    expect(publish(RelabelPolicy.RELABEL, labeled)).toEqual([
      ['q1', 'relabel', 't-q1'],
      ['q2', 'relabel', 't-q2'],
      ['qnew', 'new-question', undefined],
    ]);
  });

  it('RELABEL leaves out what the map rewrites, keeps splits as splits, and skips excluded and new-version labels', () => {
    expect(publish(RelabelPolicy.RELABEL, [l('q1', ['toxic']), l('q2', ['maybe'])])).toEqual([
      ['qnew', 'new-question', undefined],
      ['qnewc', 'new-question', undefined], // q2 = maybe is merged into yes: the condition holds
      ['qabuse', 'new-question', undefined], // q1 = toxic is renamed abusive: the condition holds
    ]);
    expect(publish(RelabelPolicy.RELABEL, [l('q1', ['other']), l('q2', ['no'], { active: false })])).toEqual([
      ['q1', 'split', 't-q1'],
      ['qnew', 'new-question', undefined],
    ]);
    expect(publish(RelabelPolicy.RELABEL, [l('q1', ['fine'], { ontologyVersion: 2 }), l('q2', ['no'], { ontologyVersion: 2 })])).toEqual([
      ['qnew', 'new-question', undefined],
    ]);
  });

  it('without a map, RELABEL is the same; an unlabeled item still gets the new questions; a parent task that is not ours is left out', () => {
    const plan = planAtPublish({
      target: v2,
      steps: steps(RelabelPolicy.RELABEL, []),
      contentType: ContentType.TEXT,
      labels: [l('q1', ['toxic'], { parentTaskId: undefined })],
      asked: new Set(),
      decomposedUnder: 1,
    });
    expect(plan.map((t) => [t.question.questionId, t.reason, t.parentTaskId])).toEqual([
      ['q1', 'relabel', undefined],
      ['qnew', 'new-question', undefined],
    ]);
    expect(publish(RelabelPolicy.RELABEL, [])).toEqual([['qnew', 'new-question', undefined]]);
  });

  it('new questions go to items decomposed under an older version only, and to content they accept', () => {
    expect(publish(RelabelPolicy.RELABEL, [], { decomposedUnder: undefined })).toEqual([]);
    expect(publish(RelabelPolicy.RELABEL, [], { decomposedUnder: 2 })).toEqual([]);
    expect(publish(RelabelPolicy.RELABEL, [l('qi', ['logo'])], { contentType: ContentType.IMAGE })).toEqual([
      ['qi', 'relabel', 't-qi'],
      ['qnew', 'new-question', undefined],
      ['qimg', 'new-question', undefined],
    ]);
    expect(publish(RelabelPolicy.RELABEL, [l('qi', ['logo'])])).toEqual([['qnew', 'new-question', undefined]]);
    // The first version has no previous one: nothing is new.
    expect(planAtPublish({ target: v1, steps: [stepOf(v1, RelabelPolicy.RELABEL)], contentType: ContentType.TEXT, labels: [], asked: new Set(), decomposedUnder: 0 })).toEqual([]);
  });

  it('a question that already has a task under n + 1 is not asked again', () => {
    expect(publish(RelabelPolicy.RELABEL, labeled, { asked: new Set(['q1', 'qnew']) })).toEqual([['q2', 'relabel', 't-q2']]);
  });

  it('conditional questions: asked when the condition holds on the current labels; wait for the parent when it is asked again', () => {
    // q2 = yes is asked again, so q3 and qnewc wait for its new decision (the condition path).
    expect(publish(RelabelPolicy.RELABEL, [l('q2', ['yes']), l('q3', ['ads'])])).toEqual([
      ['q2', 'relabel', 't-q2'],
      ['qnew', 'new-question', undefined],
    ]);
    // q2 already decided under v2: its answer decides q3 and qnewc now.
    expect(publish(RelabelPolicy.RELABEL, [l('q2', ['yes'], { ontologyVersion: 2 }), l('q3', ['ads'])])).toEqual([
      ['q3', 'relabel', 't-q3'],
      ['qnew', 'new-question', undefined],
      ['qnewc', 'new-question', undefined],
    ]);
    expect(publish(RelabelPolicy.RELABEL, [l('q2', ['no'], { ontologyVersion: 2 }), l('q3', ['ads'])])).toEqual([['qnew', 'new-question', undefined]]);
    // q2 = maybe is merged into yes: not asked again, and the condition holds on the merged option.
    expect(publish(RelabelPolicy.RELABEL, [l('q2', ['maybe']), l('q3', ['scam'])])).toEqual([
      ['q3', 'relabel', 't-q3'],
      ['qnew', 'new-question', undefined],
      ['qnewc', 'new-question', undefined],
    ]);
    // q2 has a task under v2 already (e.g. open): q3 waits for it.
    expect(publish(RelabelPolicy.RELABEL, [l('q2', ['yes'], { ontologyVersion: 2 }), l('q3', ['ads'])], { asked: new Set(['q2']) })).toEqual([
      ['qnew', 'new-question', undefined],
    ]);
  });

  it('a fate an earlier version decided is not asked again at a later publish', () => {
    const history = [stepOf(v1, RelabelPolicy.KEEP), stepOf(v2, RelabelPolicy.RELABEL), stepOf(v3, RelabelPolicy.RELABEL)];
    const plan = planAtPublish({ target: v3, steps: history, contentType: ContentType.TEXT, labels: [l('q1', ['fine']), l('q2', ['no'], { ontologyVersion: 2 })], asked: new Set(), decomposedUnder: 2 });
    // q1 (v1) was asked under v2 already (its answer, when decided under v2, is judged again on arrival); q2 (v2) is asked under v3.
    expect(plan.map((t) => [t.question.questionId, t.reason])).toEqual([['q2', 'relabel']]);
  });
});

describe('planning for a label that arrives after the publish', () => {
  const late = (policy: RelabelPolicy, label: KnownLabel, over: Partial<RequeueInput> = {}, migrations: OptionMigration[] = map) =>
    planForLabel({ target: v2, steps: steps(policy, migrations), contentType: ContentType.TEXT, labels: [label], asked: new Set(), ...over }, label.questionId).map(
      (t) => [t.question.questionId, t.reason, t.parentTaskId],
    );

  it('asks the label again when a split or a RELABEL version after it says so, and only its own question', () => {
    expect(late(RelabelPolicy.KEEP, l('q1', ['other']))).toEqual([['q1', 'split', 't-q1']]);
    expect(late(RelabelPolicy.RELABEL, l('q1', ['fine']))).toEqual([['q1', 'relabel', 't-q1']]);
    expect(late(RelabelPolicy.KEEP, l('q1', ['fine']))).toEqual([]);
    expect(late(RelabelPolicy.EXCLUDE, l('q1', ['fine']))).toEqual([]);
    expect(late(RelabelPolicy.RELABEL, l('q1', ['toxic']))).toEqual([]);
    expect(late(RelabelPolicy.RELABEL, l('q1', ['fine'], { active: false }))).toEqual([]);
    expect(late(RelabelPolicy.RELABEL, l('q1', ['fine'], { ontologyVersion: 2 }))).toEqual([]);
    expect(late(RelabelPolicy.RELABEL, l('gone', ['x']))).toEqual([]);
    expect(late(RelabelPolicy.RELABEL, l('q1', ['fine']), { asked: new Set(['q1']) })).toEqual([]);
  });

  it('a RELABEL version before the current one still asks, under the current one', () => {
    const plan = planForLabel(
      {
        target: v3,
        steps: [stepOf(v1, RelabelPolicy.KEEP), stepOf(v2, RelabelPolicy.RELABEL), stepOf(v3, RelabelPolicy.KEEP)],
        contentType: ContentType.TEXT,
        labels: [l('q1', ['fine'])],
        asked: new Set(),
      },
      'q1',
    );
    expect(plan.map((t) => [t.question.questionId, t.reason])).toEqual([['q1', 'relabel']]);
  });

  it('a conditional question waits for its parent when the parent has a task under the current version', () => {
    const labels = [l('q2', ['yes']), l('q3', ['ads'])];
    const run = (asked: string[]) =>
      planForLabel({ target: v2, steps: steps(RelabelPolicy.RELABEL), contentType: ContentType.TEXT, labels, asked: new Set(asked) }, 'q3').map((t) => t.question.questionId);
    expect(run(['q2'])).toEqual([]);
    expect(run([])).toEqual(['q3']);
  });
});
