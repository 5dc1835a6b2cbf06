import { ontologyDraftSchema } from '../http/ontology.schemas';
import { validateOntology } from './ontology.validator';

const yesNo = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
];
const draft = (questions: unknown[], examples: unknown[] = []) =>
  validateOntology(ontologyDraftSchema.parse({ guidelines: { text: 'Be careful.', examples }, questions }));

describe('validateOntology', () => {
  it('accepts a sound ontology with a condition on an earlier question', () => {
    expect(
      draft(
        [
          { id: 'q1', type: 'single_choice', prompt: 'Spam?', options: yesNo },
          { id: 'q2', type: 'multiple_choice', prompt: 'Which kind?', options: yesNo, condition: { questionId: 'q1', anyOf: ['yes'] }, maxSelections: 2 },
          { id: 'q3', type: 'free_text', prompt: 'Why?', required: false },
          { id: 'q4', type: 'text_span', prompt: 'Mark names', options: [{ id: 'name', label: 'Name' }] },
        ],
        [{ content: 'buy now', questionId: 'q1', answer: { choice: ['yes'] } }],
      ),
    ).toEqual([]);
  });

  it('names an unknown question type', () => {
    expect(draft([{ id: 'q1', type: 'rating', prompt: 'Stars?', options: yesNo }])).toEqual([
      { field: 'questions.0.type', reason: expect.stringMatching(/unknown question type "rating"; expected one of single_choice/) },
    ]);
  });

  it('names duplicate question ids', () => {
    expect(
      draft([
        { id: 'q1', type: 'free_text', prompt: 'A' },
        { id: 'q1', type: 'free_text', prompt: 'B' },
      ]),
    ).toEqual([{ field: 'questions.1.id', reason: 'duplicate question id "q1" (first used by questions.0)' }]);
  });

  it('names duplicate option ids within a question (the same id in two questions is fine)', () => {
    expect(
      draft([
        { id: 'q1', type: 'single_choice', prompt: 'A', options: [...yesNo, { id: 'yes', label: 'Yes again' }] },
        { id: 'q2', type: 'single_choice', prompt: 'B', options: yesNo },
      ]),
    ).toEqual([{ field: 'questions.0.options.2.id', reason: 'duplicate option id "yes" in question "q1"' }]);
  });

  it('names a condition on a question that does not exist', () => {
    expect(draft([{ id: 'q2', type: 'free_text', prompt: 'B', condition: { questionId: 'q9', anyOf: ['yes'] } }])).toEqual([
      { field: 'questions.0.condition.questionId', reason: 'condition refers to question "q9", which does not exist' },
    ]);
  });

  it('names a condition on a later question', () => {
    expect(
      draft([
        { id: 'q1', type: 'free_text', prompt: 'A', condition: { questionId: 'q2', anyOf: ['yes'] } },
        { id: 'q2', type: 'single_choice', prompt: 'B', options: yesNo },
      ]),
    ).toEqual([{ field: 'questions.0.condition.questionId', reason: expect.stringMatching(/"q2" \(questions\.1\), which comes later/) }]);
  });

  it('names a condition cycle once, with its path', () => {
    expect(
      draft([
        { id: 'q1', type: 'single_choice', prompt: 'A', options: yesNo, condition: { questionId: 'q2', anyOf: ['yes'] } },
        { id: 'q2', type: 'single_choice', prompt: 'B', options: yesNo, condition: { questionId: 'q1', anyOf: ['no'] } },
      ]),
    ).toEqual([{ field: 'questions.0.condition', reason: 'condition cycle: q1 → q2 → q1' }]);
  });

  it('names a question conditioned on itself as a cycle', () => {
    expect(draft([{ id: 'q1', type: 'single_choice', prompt: 'A', options: yesNo, condition: { questionId: 'q1', anyOf: ['yes'] } }])).toEqual([
      { field: 'questions.0.condition', reason: 'condition cycle: q1 → q1' },
    ]);
  });

  it('names a condition on an option that does not exist', () => {
    expect(
      draft([
        { id: 'q1', type: 'single_choice', prompt: 'A', options: yesNo },
        { id: 'q2', type: 'free_text', prompt: 'B', condition: { questionId: 'q1', anyOf: ['yes', 'maybe'] } },
      ]),
    ).toEqual([{ field: 'questions.1.condition.anyOf.1', reason: 'option "maybe" does not exist in question "q1"' }]);
  });

  it('names choice questions without options', () => {
    expect(
      draft([
        { id: 'q1', type: 'single_choice', prompt: 'A' },
        { id: 'q2', type: 'multiple_choice', prompt: 'B', options: [] },
      ]),
    ).toEqual([
      { field: 'questions.0.options', reason: 'a single_choice question needs at least one option' },
      { field: 'questions.1.options', reason: 'a multiple_choice question needs at least one option' },
    ]);
  });

  it('names options on free text and wrong selection bounds', () => {
    expect(
      draft([
        { id: 'q1', type: 'free_text', prompt: 'A', options: yesNo },
        { id: 'q2', type: 'multiple_choice', prompt: 'B', options: yesNo, minSelections: 2, maxSelections: 1 },
        { id: 'q3', type: 'single_choice', prompt: 'C', options: yesNo, maxSelections: 1 },
      ]).map((e) => e.field),
    ).toEqual(['questions.0.options', 'questions.1.maxSelections', 'questions.2.minSelections']);
  });

  it('names worked examples about a missing question or option', () => {
    expect(
      draft(
        [{ id: 'q1', type: 'single_choice', prompt: 'A', options: yesNo }],
        [
          { content: 'x', questionId: 'q7', answer: { choice: ['yes'] } },
          { content: 'y', questionId: 'q1', answer: { choice: ['perhaps'] } },
        ],
      ),
    ).toEqual([
      { field: 'guidelines.examples.0.questionId', reason: 'example refers to question "q7", which does not exist' },
      { field: 'guidelines.examples.1.answer', reason: 'option "perhaps" does not exist in question "q1"' },
    ]);
  });

  it('reports every fault at once', () => {
    const errors = draft([
      { id: 'q1', type: 'poll', prompt: 'A', options: [...yesNo, { id: 'no', label: 'No' }] },
      { id: 'q1', type: 'free_text', prompt: 'B', condition: { questionId: 'zz', anyOf: ['yes'] } },
    ]);
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['questions.0.options.2.id', 'questions.0.type', 'questions.1.condition.questionId', 'questions.1.id'].sort(),
    );
  });
});
