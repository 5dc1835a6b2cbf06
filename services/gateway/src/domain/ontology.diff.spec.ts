import { diffOntologies, DiffableVersion } from './ontology.diff';
import { ontologyDraftSchema } from '../http/ontology.schemas';

const version = (v: number, draft: unknown, migrations: DiffableVersion['migrations'] = []): DiffableVersion => ({
  version: v,
  ...ontologyDraftSchema.parse(draft),
  migrations,
});
const yesNo = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
];

const v1 = version(1, {
  guidelines: { text: 'Label spam.' },
  questions: [
    { id: 'spam', type: 'single_choice', prompt: 'Is it spam?', options: [...yesNo, { id: 'maybe', label: 'Maybe' }] },
    { id: 'kind', type: 'single_choice', prompt: 'Which kind?', options: [{ id: 'ad', label: 'Ad' }, { id: 'scam', label: 'Scam' }], condition: { questionId: 'spam', anyOf: ['yes'] } },
    { id: 'why', type: 'free_text', prompt: 'Why?' },
    { id: 'same', type: 'single_choice', prompt: 'Same?', options: yesNo },
  ],
});
const map = [{ questionId: 'spam', kind: 'merge' as const, from: ['no', 'maybe'], to: ['no'] }];
const v2 = version(
  2,
  {
    guidelines: { text: 'Label spam. Maybe is gone.' },
    questions: [
      { id: 'spam', type: 'single_choice', prompt: 'Is it spam?', options: [{ id: 'yes', label: 'Yes, spam' }, { id: 'no', label: 'No' }] },
      {
        id: 'kind',
        type: 'multiple_choice',
        prompt: 'Which kinds?',
        options: [{ id: 'scam', label: 'Scam' }, { id: 'ad', label: 'Ad' }, { id: 'phishing', label: 'Phishing' }],
        condition: { questionId: 'spam', anyOf: ['yes', 'no'] },
        required: false,
      },
      { id: 'same', type: 'single_choice', prompt: 'Same?', options: yesNo },
      { id: 'lang', type: 'free_text', prompt: 'Language?' },
    ],
  },
  map,
);

describe('diffOntologies', () => {
  it('names added, removed and changed questions, option changes, the condition and other settings, with the map of b = a + 1', () => {
    expect(diffOntologies(v1, v2)).toEqual({
      from: 1,
      to: 2,
      guidelinesChanged: true,
      questions: {
        added: ['lang'],
        removed: ['why'],
        changed: [
          {
            questionId: 'spam',
            optionsAdded: [],
            optionsRemoved: ['maybe'],
            optionsRelabeled: [{ id: 'yes', from: 'Yes', to: 'Yes, spam' }],
            conditionChanged: false,
            otherChanged: [],
          },
          {
            questionId: 'kind',
            prompt: { from: 'Which kind?', to: 'Which kinds?' },
            type: { from: 'single_choice', to: 'multiple_choice' },
            optionsAdded: ['phishing'],
            optionsRemoved: [],
            optionsRelabeled: [],
            conditionChanged: true,
            otherChanged: ['required', 'optionOrder'],
          },
        ],
      },
      migrations: map,
    });
  });

  it('has no migrations unless b = a + 1, and is empty between equal versions', () => {
    expect(diffOntologies(v2, v1).migrations).toEqual([]);
    expect(diffOntologies({ ...v1, version: 0 }, v2).migrations).toEqual([]);
    expect(diffOntologies(v1, { ...v1, version: 1 })).toEqual({
      from: 1,
      to: 1,
      guidelinesChanged: false,
      questions: { added: [], removed: [], changed: [] },
      migrations: [],
    });
  });

  it('the reverse diff swaps added and removed', () => {
    const back = diffOntologies(v2, v1);
    expect(back.questions.added).toEqual(['why']);
    expect(back.questions.removed).toEqual(['lang']);
    expect(back.questions.changed.find((c) => c.questionId === 'spam')!.optionsAdded).toEqual(['maybe']);
  });

  it('a condition whose options are only reordered has not changed; descriptions and content types are other changes', () => {
    const a = version(1, {
      questions: [
        { id: 'q', type: 'single_choice', prompt: 'Q', options: yesNo },
        { id: 'r', type: 'single_choice', prompt: 'R', options: yesNo, condition: { questionId: 'q', anyOf: ['yes', 'no'] } },
      ],
    });
    const b = version(2, {
      questions: [
        { id: 'q', type: 'single_choice', prompt: 'Q', options: [{ id: 'yes', label: 'Yes', description: 'sure' }, { id: 'no', label: 'No' }], contentTypes: ['text'] },
        { id: 'r', type: 'single_choice', prompt: 'R', options: yesNo, condition: { questionId: 'q', anyOf: ['no', 'yes'] } },
      ],
    });
    expect(diffOntologies(a, b).questions.changed).toEqual([
      { questionId: 'q', optionsAdded: [], optionsRemoved: [], optionsRelabeled: [], conditionChanged: false, otherChanged: ['contentTypes', 'optionDescriptions'] },
    ]);
  });
});
