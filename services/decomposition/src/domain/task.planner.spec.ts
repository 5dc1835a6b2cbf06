import { create } from '@bufbuild/protobuf';
import { AnswerSchema, ContentType, OntologyVersionSchema, QuestionKind, TaskOrigin } from '@verity/contracts';
import { conditionSatisfied, decidedOptionIds } from './condition.evaluator';
import { taskEvent } from '../events/task-event.factory';
import { planDependentTasks, planInitialTasks } from './task.planner';

const yesNo = [
  { optionId: 'yes', label: 'Yes' },
  { optionId: 'no', label: 'No' },
];
const ontology = create(OntologyVersionSchema, {
  version: 3,
  questions: [
    { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Is it spam?', options: yesNo, required: true },
    {
      questionId: 'q2',
      kind: QuestionKind.MULTIPLE_CHOICE,
      prompt: 'What kind?',
      options: [{ optionId: 'ads' }, { optionId: 'scam' }],
      condition: { questionId: 'q1', anyOfOptionIds: ['yes'] },
    },
    {
      questionId: 'q3',
      kind: QuestionKind.FREE_TEXT,
      prompt: 'Which scam?',
      condition: { questionId: 'q2', anyOfOptionIds: ['scam'] },
    },
    { questionId: 'q4', kind: QuestionKind.BOX, prompt: 'Mark the logo', contentTypes: [ContentType.IMAGE], options: [{ optionId: 'logo' }] },
  ],
});

describe('condition evaluation', () => {
  it('takes the decided options from the label and from a choice answer', () => {
    expect(decidedOptionIds({ label: 'yes' })).toEqual(['yes']);
    const answer = create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ['ads', 'scam'] } } });
    expect(decidedOptionIds({ label: '', answer }).sort()).toEqual(['ads', 'scam']);
    expect(decidedOptionIds({ label: '', answer: create(AnswerSchema, { value: { case: 'freeText', value: { text: 'x' } } }) })).toEqual([]);
  });

  it('holds when any of the options was decided', () => {
    const cond = ontology.questions[1].condition!;
    expect(conditionSatisfied(cond, ['yes'])).toBe(true);
    expect(conditionSatisfied(cond, ['no'])).toBe(false);
    expect(conditionSatisfied(cond, [])).toBe(false);
  });
});

describe('task planning', () => {
  it('a new text item gets the unconditional questions that apply to text', () => {
    expect(planInitialTasks(ontology, ContentType.TEXT).map((t) => t.question.questionId)).toEqual(['q1']);
    expect(planInitialTasks(ontology, ContentType.IMAGE).map((t) => t.question.questionId)).toEqual(['q1', 'q4']);
  });

  it('conditional questions whose parent is already decided come with the initial tasks', () => {
    const planned = planInitialTasks(ontology, ContentType.TEXT, new Map([['q1', ['yes']]]));
    expect(planned.map((t) => [t.question.questionId, t.parentQuestionId])).toEqual([
      ['q1', undefined],
      ['q2', 'q1'],
    ]);
  });

  it('a decision creates exactly the dependent questions it satisfies', () => {
    expect(planDependentTasks(ontology, ContentType.TEXT, 'q1', ['yes']).map((t) => t.question.questionId)).toEqual(['q2']);
    expect(planDependentTasks(ontology, ContentType.TEXT, 'q1', ['no'])).toEqual([]);
    expect(planDependentTasks(ontology, ContentType.TEXT, 'q2', ['ads'])).toEqual([]);
    expect(planDependentTasks(ontology, ContentType.TEXT, 'q2', ['ads', 'scam']).map((t) => t.question.questionId)).toEqual(['q3']);
    expect(planDependentTasks(ontology, ContentType.TEXT, 'q4', ['logo'])).toEqual([]);
  });
});

describe('task events', () => {
  it('snapshot the question, record the ontology version and carry the routing fields and what annotators see', () => {
    const e = taskEvent({
      taskId: 't1',
      item: { projectId: 'p1', itemId: 'i1', contentType: ContentType.TEXT, language: 'en', correlationId: 'c1', maskedText: 'mail me at [EMAIL]', source: 'label-studio', sourceId: '42' },
      question: ontology.questions[1],
      ontologyVersion: 3,
      guidelines: 'Spam advertises.',
      policy: { answersPerTask: 3, requiredSkills: ['spam'] },
      origin: TaskOrigin.CONDITION_MET,
      parentTaskId: 't0',
      causationId: 'd1',
    });
    expect(e.envelope).toMatchObject({ projectId: 'p1', producer: 'decomposition', causationId: 'd1', correlationId: 'c1' });
    expect(e.envelope!.type).toBe('verity.tasks.v1.TaskEvent');
    expect(e.task).toMatchObject({
      taskId: 't1',
      itemId: 'i1',
      projectId: 'p1',
      questionId: 'q2',
      ontologyVersion: 3,
      language: 'en',
      requiredSkills: ['spam'],
      answersRequired: 3,
      origin: TaskOrigin.CONDITION_MET,
      parentTaskId: 't0',
      honeypot: false,
      maskedText: 'mail me at [EMAIL]',
      guidelines: 'Spam advertises.',
      source: 'label-studio',
      sourceId: '42',
    });
    expect(e.task!.question!.condition!.anyOfOptionIds).toEqual(['yes']);
  });
});
