import type { TaskView } from '../../api/types';
import { draftAnswer, initialAnswer, missingRequired } from './answer-model';

const base = {
  question: { id: 'q', type: 'single_choice', prompt: 'Spam?', options: [], required: true, minSelections: null, maxSelections: null },
} as unknown as TaskView;

describe('answer model', () => {
  it('preselects the machine draft when it fits the question', () => {
    const t = { ...base, draft: { answer: { choice: { optionIds: ['spam'] } }, model: { modelId: 'm' } } } as TaskView;
    expect(draftAnswer(t)).toEqual({ choice: { optionIds: ['spam'] } });
    expect(initialAnswer(t)).toEqual({ choice: { optionIds: ['spam'] } });
  });

  it('starts empty without a draft, or with a draft of another kind', () => {
    expect(initialAnswer({ ...base, draft: null } as TaskView)).toEqual({ choice: { optionIds: [] } });
    expect(initialAnswer({ ...base, draft: { freeText: { text: 'x' } } } as TaskView)).toEqual({ choice: { optionIds: [] } });
  });

  it('refuses an empty required choice or text, and accepts an empty span list', () => {
    const q = base.question;
    expect(missingRequired(q, { choice: { optionIds: [] } })).toBe(true);
    expect(missingRequired(q, { freeText: { text: '  ' } })).toBe(true);
    expect(missingRequired(q, { textSpans: { spans: [] } })).toBe(false);
    expect(missingRequired({ ...q, required: false }, { choice: { optionIds: [] } })).toBe(false);
  });
});
