import { importLabelStudioTasks, InterchangeError, parseLabelStudioConfig } from '../src';
import { reviewConfig, reviewExport } from './support';

const config = reviewConfig();
const task = (over: Record<string, unknown> = {}) => ({ id: 1, data: { text: 'hello' }, ...over });
const annotation = (result: unknown[], over: Record<string, unknown> = {}) => ({
  completed_by: 3,
  created_at: '2024-05-02T09:14:31Z',
  was_cancelled: false,
  result,
  ...over,
});
const sentiment = (...choices: string[]) => ({
  from_name: 'sentiment',
  to_name: 'review',
  type: 'choices',
  value: { choices },
});

describe('importLabelStudioTasks', () => {
  it('imports the review export: content, answers, prelabels, annotators and counts', () => {
    const out = importLabelStudioTasks(JSON.stringify(reviewExport()), config);
    expect(out.errors).toEqual([]);
    expect(out.counts).toEqual({
      tasks: 7,
      imported_tasks: 7,
      annotations: 13,
      cancelled: 2,
      final_labels: 0,
      predictions: 9,
    });
    expect(out.content[0]).toEqual({
      at: 1,
      body: {
        source: 'label-studio',
        sourceId: '101',
        contentType: 'text',
        text: 'Arrived two days late but the blender itself is excellent.',
        tags: [],
        metadata: { shop: 'kitchen-eu' },
      },
    });
    expect(out.content.map((c) => c.body.sourceId)).toEqual([
      '101',
      '102',
      '103',
      '104',
      '105',
      '106',
      '107',
    ]);
    // 13 annotations: 11 answer both questions, 2 only sentiment.
    expect(out.answers).toHaveLength(24);
    expect(out.answers.slice(0, 2)).toEqual([
      {
        source_id: '101',
        question_id: 'sentiment',
        label: 'Positive',
        option_ids: ['Positive'],
        annotator: 'label-studio:3',
        created_at: '2024-05-02T09:14:31.102934Z',
        lead_time: 14.2,
        ls_annotation_id: 5001,
      },
      {
        source_id: '101',
        question_id: 'topics',
        label: '',
        option_ids: ['delivery', 'Product_quality'],
        annotator: 'label-studio:3',
        created_at: '2024-05-02T09:14:31.102934Z',
        lead_time: 14.2,
        ls_annotation_id: 5001,
      },
    ]);
    expect(
      out.answers.filter((a) => a.ground_truth).map((a) => [a.source_id, a.question_id]),
    ).toEqual([
      ['102', 'sentiment'],
      ['102', 'topics'],
    ]);
    expect(out.prelabels).toHaveLength(9);
    expect(out.prelabels[1]).toEqual({
      source_id: '101',
      question_id: 'topics',
      label: '',
      option_ids: ['delivery', 'Product_quality'],
      score: 0.64,
      model_version: 'topics-clf-v2',
    });
    // A result's own score wins over the prediction's.
    expect(
      out.prelabels.find((p) => p.source_id === '104' && p.question_id === 'topics')?.score,
    ).toBe(0.42);
    expect(out.annotators).toEqual([
      { key: 'label-studio:3', external: true, ls_user_id: 3 },
      { key: 'label-studio:5', external: true, ls_user_id: 5 },
      { key: 'label-studio:9', external: true, ls_user_id: 9, email: 'mira@example.org' },
      { key: 'label-studio:8', external: true, ls_user_id: 8 },
    ]);
  });

  it('skips cancelled annotations: user 8 answered only where they did not cancel', () => {
    const out = importLabelStudioTasks(reviewExport(), config);
    expect(
      new Set(out.answers.filter((a) => a.annotator === 'label-studio:8').map((a) => a.source_id)),
    ).toEqual(new Set(['103', '104', '107']));
  });

  it('maps known users by id or e-mail to existing annotators, others become external', () => {
    const out = importLabelStudioTasks(reviewExport(), config, {
      annotators: { '3': 'u-ana', 'mira@example.org': 'u-mira' },
      annotatorPrefix: 'ls:',
    });
    expect(out.annotators.map((a) => [a.key, a.external])).toEqual([
      ['u-ana', false],
      ['ls:5', true],
      ['u-mira', false],
      ['ls:8', true],
    ]);
    expect(out.answers.filter((a) => a.annotator === 'u-mira')).toHaveLength(4);
  });

  it('reads completed_by as a number, digits, an e-mail or {id, email}', () => {
    const tasks = [
      task({ id: 1, annotations: [annotation([sentiment('Positive')], { completed_by: '12' })] }),
      task({
        id: 2,
        annotations: [annotation([sentiment('Positive')], { completed_by: 'li@example.org' })],
      }),
      task({
        id: 3,
        annotations: [
          annotation([sentiment('Positive')], { completed_by: { email: 'jo@example.org' } }),
        ],
      }),
    ];
    const out = importLabelStudioTasks(
      tasks.map((t) => ({ ...t, data: { text: 'x' } })),
      parseLabelStudioConfig(
        '<View><Text name="review" value="$text"/><Choices name="sentiment" toName="review"><Choice value="Positive"/></Choices></View>',
      ),
    );
    expect(out.errors).toEqual([]);
    expect(out.answers.map((a) => a.annotator)).toEqual([
      'label-studio:12',
      'label-studio:li@example.org',
      'label-studio:jo@example.org',
    ]);
  });

  it('names the task index and field of every fault and imports the rest of the task', () => {
    const out = importLabelStudioTasks(
      [
        task({
          annotations: [
            annotation([
              sentiment('Positive'),
              {
                from_name: 'emotion',
                to_name: 'review',
                type: 'choices',
                value: { choices: ['Joy'] },
              },
              { ...sentiment('Angry'), from_name: 'topics' },
            ]),
            annotation([sentiment('Maybe')], { completed_by: 5 }),
            annotation([sentiment('Positive', 'Negative')], { completed_by: 6 }),
            annotation(
              [
                {
                  from_name: 'sentiment',
                  to_name: 'other',
                  type: 'choices',
                  value: { choices: ['Positive'] },
                },
              ],
              { completed_by: 7 },
            ),
            annotation(
              [
                {
                  from_name: 'sentiment',
                  to_name: 'review',
                  type: 'labels',
                  value: { start: 0, end: 4, labels: ['x'] },
                },
              ],
              { completed_by: 10 },
            ),
            annotation([sentiment('Negative')], { completed_by: undefined }),
            annotation([sentiment('Negative')], { completed_by: 11, created_at: 'yesterday' }),
            annotation([sentiment('Negative')], { completed_by: 12, lead_time: -1 }),
            annotation([sentiment('Negative')]),
          ],
          predictions: [
            { result: [sentiment('Positive')] },
            { model_version: 'm', score: 'high', result: [] },
          ],
        }),
      ],
      config,
    );
    expect(out.answers.map((a) => [a.annotator, a.option_ids])).toEqual([
      ['label-studio:3', ['Positive']],
    ]);
    expect(out.prelabels).toEqual([]);
    expect(out.errors.map((e) => [e.task, e.field])).toEqual([
      [0, 'tasks[0].annotations[0].result[1].from_name'],
      [0, 'tasks[0].annotations[0].result[2].value.choices'],
      [0, 'tasks[0].annotations[1].result[0].value.choices'],
      [0, 'tasks[0].annotations[2].result[0].value.choices'],
      [0, 'tasks[0].annotations[3].result[0].to_name'],
      [0, 'tasks[0].annotations[4].result[0].type'],
      [0, 'tasks[0].annotations[5].completed_by'],
      [0, 'tasks[0].annotations[6].created_at'],
      [0, 'tasks[0].annotations[7].lead_time'],
      [0, 'tasks[0].annotations[8]'],
      [0, 'tasks[0].predictions[0].model_version'],
      [0, 'tasks[0].predictions[1].score'],
    ]);
    const reasons = out.errors.map((e) => e.reason);
    expect(reasons[0]).toBe('"emotion" is not a <Choices> of the labeling config');
    expect(reasons[1]).toContain('"Angry" is not a choice of "topics"');
    expect(reasons[2]).toBe(
      '"Maybe" is not a choice of "sentiment" (choices: Positive, Negative, Neutral)',
    );
    expect(reasons[3]).toBe('"sentiment" is single choice but 2 choices are given');
    expect(reasons[9]).toContain(
      'annotator "label-studio:3" already answered "sentiment" in tasks[0].annotations[0]',
    );
  });

  it('leaves out a task without an id or text, or with an id already used, naming it', () => {
    const out = importLabelStudioTasks(
      [
        task({ id: undefined }),
        task({ data: { text: '  ' } }),
        task({ id: 7 }),
        task({ id: '7' }),
        'nope',
        task({ id: 8, annotations: {} }),
      ],
      config,
    );
    expect(out.content.map((c) => c.body.sourceId)).toEqual(['7']);
    expect(out.errors.map((e) => [e.task, e.field])).toEqual([
      [0, 'tasks[0].id'],
      [1, 'tasks[1].data.text'],
      [3, 'tasks[3].id'],
      [4, 'tasks[4]'],
      [5, 'tasks[5].annotations'],
    ]);
    expect(out.errors[2].reason).toBe('task id "7" was already given by tasks[2]');
  });

  it('gives predictions without a model version the default one when asked', () => {
    const out = importLabelStudioTasks(
      [task({ predictions: [{ score: 0.3, result: [sentiment('Neutral')] }] })],
      config,
      { defaultModelVersion: 'legacy' },
    );
    expect(out.prelabels).toEqual([
      {
        source_id: '1',
        question_id: 'sentiment',
        label: 'Neutral',
        option_ids: ['Neutral'],
        score: 0.3,
        model_version: 'legacy',
      },
    ]);
  });

  it('refuses a file that is not a task array, and a config without one clear text field', () => {
    expect(() => importLabelStudioTasks('{"id": 1}', config)).toThrow(
      '(file): a Label Studio export is a JSON array of tasks',
    );
    expect(() => importLabelStudioTasks('[', config)).toThrow(InterchangeError);
    const two = parseLabelStudioConfig(
      '<View><Text name="a" value="$title"/><Text name="b" value="$body"/><Choices name="q" toName="b"><Choice value="x"/></Choices></View>',
    );
    expect(() => importLabelStudioTasks([], two)).toThrow('several text fields (title, body)');
    const out = importLabelStudioTasks([{ id: 1, data: { title: 'T', body: 'B' } }], two, {
      textField: 'body',
    });
    expect(out.content[0].body).toMatchObject({ text: 'B', metadata: { title: 'T' } });
    const image = parseLabelStudioConfig(
      '<View><Image name="i" value="$image"/><Choices name="q" toName="i"><Choice value="x"/></Choices></View>',
    );
    expect(() => importLabelStudioTasks([], image)).toThrow('has no Text or HyperText tag');
  });
});
