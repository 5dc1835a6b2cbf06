import { exportLabelStudioTasks, InterchangeError, type ReleaseRowLike } from '../src';
import { reviewConfig } from './support';

const config = reviewConfig();

/** A release row as the export service writes it (proto JSON, proto field names). */
function row(over: Partial<ReleaseRowLike> & { answers?: unknown[] } = {}): ReleaseRowLike {
  const { answers = [], ...rest } = over;
  return {
    item_id: 'item-1',
    question_id: 'sentiment',
    label_version: 2,
    status: 'active',
    label: 'Negative',
    answer: { choice: { option_ids: ['Negative'] } },
    confidence: 0.83,
    ontology_version: 3,
    adjudicated: false,
    gold: false,
    decided_at: '2024-06-01T12:00:00Z',
    content: {
      source: 'reviews',
      source_id: '4711',
      content_type: 'CONTENT_TYPE_TEXT',
      content_sha256: 'ab',
    },
    provenance: {
      answers,
      aggregation: { method: 'AGGREGATION_METHOD_DAWID_SKENE', parameters: { iterations: '50' } },
    },
    ...rest,
  };
}
const human = (annotator: string, ids: string[], over: Record<string, unknown> = {}) => ({
  annotation_id: `ann-${annotator}-${ids.join('+')}`,
  annotator_id: annotator,
  source: 'ANSWER_SOURCE_HUMAN',
  answer: { choice: { option_ids: ids } },
  submitted_at: '2024-06-01T10:00:00Z',
  time_spent_ms: '4200',
  ...over,
});
const machine = (ids: string[], over: Record<string, unknown> = {}) => ({
  annotation_id: 'prelabel-1',
  annotator_id: 'gpt-4o-mini',
  source: 'ANSWER_SOURCE_MACHINE',
  answer: { choice: { option_ids: ids } },
  model: {
    backend: 'MODEL_BACKEND_LLM',
    model_id: 'gpt-4o-mini',
    model_version: '',
    prompt_version: 'p3',
    confidence: 0.7,
    calibrated_confidence: 0.64,
  },
  prelabel_event_id: 'prelabel-1',
  ...over,
});

describe('exportLabelStudioTasks', () => {
  it('writes one task per item: data, meta, the final label, each answer and each machine draft', () => {
    const rows = [
      row({
        answers: [
          human('label-studio:3', ['Negative']),
          human('u-bo', ['Neutral']),
          machine(['Negative']),
        ],
      }),
      row({
        question_id: 'topics',
        label: '',
        answer: { choice: { option_ids: ['delivery', 'Product_quality'] } },
        confidence: 0.6,
        gold: true,
        decided_at: '2024-06-02T08:00:00Z',
        provenance: {
          aggregation: { method: 'AGGREGATION_METHOD_ADJUDICATION' },
          answers: [
            human('label-studio:3', ['delivery'], {
              time_spent_ms: '9000',
              submitted_at: '2024-06-01T09:00:00Z',
            }),
            machine(['delivery'], {
              annotation_id: 'prelabel-2',
              prelabel_event_id: 'prelabel-2',
              model: { model_id: 'topics-clf', model_version: 'v2', confidence: 0.5 },
            }),
            {
              annotation_id: 'adjudication:r1',
              annotator_id: 'u-expert',
              source: 'ANSWER_SOURCE_EXPERT',
              answer: { choice: { option_ids: ['delivery', 'Product_quality'] } },
              submitted_at: '2024-06-02T07:59:00Z',
            },
          ],
        },
      }),
    ];
    const [task, ...rest] = exportLabelStudioTasks(rows, {
      config,
      texts: { 'item-1': 'It came late and broke.' },
      userIds: { 'u-bo': 41 },
    });
    expect(rest).toEqual([]);
    expect(task.id).toBe(4711);
    expect(task.data).toEqual({ text: 'It came late and broke.' });
    expect(task.meta).toEqual({
      verity_item_id: 'item-1',
      verity_source_id: '4711',
      verity_source: 'reviews',
    });

    const [final, ...answers] = task.annotations;
    expect(final).toEqual({
      completed_by: 'verity:consensus',
      was_cancelled: false,
      ground_truth: true,
      created_at: '2024-06-02T08:00:00Z',
      result: [
        {
          id: 'r1',
          from_name: 'sentiment',
          to_name: 'review',
          type: 'choices',
          value: { choices: ['Negative'] },
        },
        {
          id: 'r5',
          from_name: 'topics',
          to_name: 'review',
          type: 'choices',
          value: { choices: ['delivery', 'Product quality'] },
        },
      ],
      meta: {
        verity: {
          role: 'final_label',
          annotator_id: 'verity:consensus',
          questions: {
            sentiment: {
              label_version: 2,
              method: 'dawid_skene',
              confidence: 0.83,
              ontology_version: 3,
            },
            topics: {
              label_version: 2,
              method: 'adjudication',
              confidence: 0.6,
              ontology_version: 3,
            },
          },
        },
      },
    });
    expect(
      answers.map((a) => [
        a.completed_by,
        a.meta.verity.annotator_id,
        a.result.map((r) => [r.from_name, r.value.choices]),
        a.created_at,
        a.lead_time,
      ]),
    ).toEqual([
      [
        3,
        'label-studio:3',
        [
          ['sentiment', ['Negative']],
          ['topics', ['delivery']],
        ],
        '2024-06-01T09:00:00Z',
        9,
      ],
      [41, 'u-bo', [['sentiment', ['Neutral']]], '2024-06-01T10:00:00Z', 4.2],
      [
        'u-expert',
        'u-expert',
        [['topics', ['delivery', 'Product quality']]],
        '2024-06-02T07:59:00Z',
        undefined,
      ],
    ]);
    expect(answers[2].meta.verity.questions).toEqual({ topics: { source: 'expert' } });
    expect(task.predictions).toEqual([
      {
        model_version: 'gpt-4o-mini',
        score: 0.64,
        result: [
          {
            id: 'r4',
            from_name: 'sentiment',
            to_name: 'review',
            type: 'choices',
            value: { choices: ['Negative'] },
            score: 0.64,
          },
        ],
      },
      {
        model_version: 'v2',
        score: 0.5,
        result: [
          {
            id: 'r7',
            from_name: 'topics',
            to_name: 'review',
            type: 'choices',
            value: { choices: ['delivery'] },
            score: 0.5,
          },
        ],
      },
    ]);
  });

  it('writes a draft shown to several people once, and an annotator who answered twice as two annotations', () => {
    const draft = machine(['Negative'], {
      annotation_id: 'prelabel-9',
      prelabel_event_id: 'prelabel-9',
    });
    const rows = [
      row({
        answers: [
          human('u-a', ['Negative']),
          draft,
          human('u-b', ['Negative']),
          draft,
          human('u-b', ['Negative']),
          human('u-a', ['Neutral'], { annotation_id: 'again' }),
        ],
      }),
    ];
    const [task] = exportLabelStudioTasks(rows, { config, texts: () => 'text' });
    expect(task.predictions).toHaveLength(1);
    expect(task.predictions[0].result).toHaveLength(1);
    expect(
      task.annotations.slice(1).map((a) => [a.completed_by, a.result[0].value.choices[0]]),
    ).toEqual([
      ['u-a', 'Negative'],
      ['u-a', 'Neutral'],
      ['u-b', 'Negative'],
    ]);
  });

  it('without a config uses ids as they are, and leaves excluded rows and their items out', () => {
    const rows = [
      row({
        item_id: 'a',
        content: { source_id: 'doc-7' },
        question_id: 'q1',
        label: 'yes',
        answer: null,
      }),
      row({ item_id: 'b', status: 'excluded' }),
    ];
    const tasks = exportLabelStudioTasks(rows, { texts: { a: 'A', b: 'B' }, textField: 'body' });
    expect(tasks).toHaveLength(1);
    expect(tasks[0].id).toBeUndefined();
    expect(tasks[0].data).toEqual({ body: 'A' });
    expect(tasks[0].meta).toEqual({ verity_item_id: 'a', verity_source_id: 'doc-7' });
    expect(tasks[0].annotations[0].result).toEqual([
      { id: 'r1', from_name: 'q1', to_name: 'body', type: 'choices', value: { choices: ['yes'] } },
    ]);
  });

  it.each([
    [
      [row({ answer: { free_text: { text: 'meh' } } })],
      { 'item-1': 't' },
      'rows[0].answer: is a free_text answer; only choice answers convert',
    ],
    [
      [row({ label: 'Angry', answer: { choice: { option_ids: ['Angry'] } } })],
      { 'item-1': 't' },
      'rows[0].answer: option "Angry" is not a choice of <Choices name="sentiment">',
    ],
    [
      [row({ question_id: 'stars' })],
      { 'item-1': 't' },
      'rows[0].question_id: "stars" is not a <Choices>',
    ],
    [[row()], {}, 'rows[0].item_id: no text given for item "item-1"'],
    [
      [
        row({
          answers: [
            { source: 'ANSWER_SOURCE_HUMAN', answer: { choice: { option_ids: ['Negative'] } } },
          ],
        }),
      ],
      { 'item-1': 't' },
      'rows[0].provenance.answers[0].annotator_id',
    ],
  ])('refuses what it cannot convert, naming the row (%#)', (rows, texts, message) => {
    expect(() => exportLabelStudioTasks(rows, { config, texts })).toThrow(InterchangeError);
    expect(() => exportLabelStudioTasks(rows, { config, texts })).toThrow(message);
  });
});
