import { create } from '@bufbuild/protobuf';
import { ModelBackend, QuestionKind, TaskSchema } from '@verity/contracts';
import { fitsQuestion, importedModel } from './imported-prelabels.service';

const task = (kind: QuestionKind, extra: Record<string, unknown> = {}) =>
  create(TaskSchema, {
    taskId: 't1', itemId: 'i1', projectId: 'p1', questionId: 'q', ontologyVersion: 1,
    question: { questionId: 'q', kind, prompt: 'Q?', options: [{ optionId: 'a' }, { optionId: 'b' }, { optionId: 'c' }], ...extra },
  });

describe('an imported prelabel as a task draft', () => {
  it('fits a single-choice question with exactly one known option', () => {
    const t = task(QuestionKind.SINGLE_CHOICE);
    expect(fitsQuestion(t, { optionIds: ['b'] })).toBe(true);
    expect(fitsQuestion(t, { optionIds: ['a', 'b'] })).toBe(false);
    expect(fitsQuestion(t, { optionIds: ['z'] })).toBe(false);
    expect(fitsQuestion(t, { optionIds: [] })).toBe(false);
  });

  it('fits a multiple-choice question within its selection bounds, no option twice', () => {
    expect(fitsQuestion(task(QuestionKind.MULTIPLE_CHOICE), { optionIds: ['a', 'c'] })).toBe(true);
    expect(fitsQuestion(task(QuestionKind.MULTIPLE_CHOICE), { optionIds: ['a', 'a'] })).toBe(false);
    expect(fitsQuestion(task(QuestionKind.MULTIPLE_CHOICE, { maxSelections: 1 }), { optionIds: ['a', 'c'] })).toBe(false);
    expect(fitsQuestion(task(QuestionKind.MULTIPLE_CHOICE, { minSelections: 3 }), { optionIds: ['a', 'c'] })).toBe(false);
  });

  it('never fits a question that is not a choice', () => {
    expect(fitsQuestion(task(QuestionKind.FREE_TEXT), { optionIds: ['a'] })).toBe(false);
  });

  it('is an external model named label-studio, its score the raw confidence', () => {
    expect(importedModel({ modelVersion: 'bert-v2', score: 0.7 })).toMatchObject({ backend: ModelBackend.EXTERNAL, modelId: 'label-studio', modelVersion: 'bert-v2', confidence: 0.7 });
    expect(importedModel({ modelVersion: 'v1', score: null }).confidence).toBeUndefined();
  });
});
