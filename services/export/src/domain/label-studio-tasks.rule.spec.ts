import { create } from '@bufbuild/protobuf';
import { AnswerSchema, ContentReferenceSchema, LabelStatus } from '@verity/contracts';
import { InterchangeError } from '@verity/interchange';
import { sampleDecision } from '../../test/support/decisions';
import { labelEventFrom } from '../events/label-event.factory';
import { labelStudioTasksOf, tasksArray, taskItemIds, wholeItems, type ReleaseLineRow } from './label-studio-tasks.rule';
import { releaseLine, releaseRowOf } from './release-row.mapper';

/** A release row as export stores it (the canonical line of a real label event; each answer record holds its answer, as quality writes them). */
function row(itemId: string, questionId: string, label: string, status: 'active' | 'excluded' = 'active'): ReleaseLineRow {
  const d = sampleDecision(itemId, questionId, label);
  for (const a of d.answers) a.answer = create(AnswerSchema, { value: { case: 'choice', value: { optionIds: [label] } } });
  const e = labelEventFrom(d, {
    labelVersion: 1,
    recordedAt: new Date('2025-03-01T10:00:01Z'),
    content: create(ContentReferenceSchema, { source: 'yt', sourceId: `${itemId.replace(/\D/g, '')}`, contentType: 1 }),
    ...(status === 'excluded' ? { status: LabelStatus.EXCLUDED } : {}),
  });
  return { itemId, status, line: releaseLine(releaseRowOf(e)) };
}

async function* pagesOf<T>(pages: T[][]): AsyncGenerator<T[]> {
  for (const p of pages) yield p;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('wholeItems', () => {
  const r = (itemId: string, n: number) => ({ itemId, n });

  it('never splits an item between batches, and numbers each batch by its first row', async () => {
    const pages = [[r('a', 0), r('a', 1), r('b', 2)], [r('b', 3), r('c', 4)], [r('c', 5)]];
    const batches = await collect(wholeItems(pagesOf(pages)));
    expect(batches.map((b) => [b.offset, b.rows.map((x) => `${x.itemId}${x.n}`)])).toEqual([
      [0, ['a0', 'a1']],
      [2, ['b2', 'b3']],
      [4, ['c4', 'c5']],
    ]);
  });

  it('carries one item over several pages, skips empty pages, and yields nothing for nothing', async () => {
    const batches = await collect(wholeItems(pagesOf([[r('a', 0)], [], [r('a', 1)], [r('a', 2), r('b', 3)]])));
    expect(batches.map((b) => [b.offset, b.rows.map((x) => x.n)])).toEqual([
      [0, [0, 1, 2]],
      [3, [3]],
    ]);
    expect(await collect(wholeItems(pagesOf<{ itemId: string }>([])))).toEqual([]);
  });
});

describe('labelStudioTasksOf', () => {
  it('joins each item with its text: one task per item, its final labels, answers and machine drafts', () => {
    const rows = [row('item-1', 'q1', 'toxic'), row('item-1', 'q2', 'ok'), row('item-2', 'q1', 'ok'), row('item-3', 'q1', 'ok', 'excluded')];
    expect(taskItemIds(rows)).toEqual(['item-1', 'item-2']);
    const texts: Record<string, string> = { 'item-1': 'first [EMAIL]', 'item-2': 'second' };
    const tasks = labelStudioTasksOf(rows, (id) => texts[id], 0);
    expect(tasks.map((t) => [t.id, t.data, t.meta.verity_item_id])).toEqual([
      [1, { text: 'first [EMAIL]' }, 'item-1'],
      [2, { text: 'second' }, 'item-2'],
    ]);
    const [final, ...answers] = tasks[0].annotations;
    expect(final.completed_by).toBe('verity:consensus');
    expect(final.result.map((x) => [x.from_name, x.to_name, x.value.choices])).toEqual([
      ['q1', 'text', ['toxic']],
      ['q2', 'text', ['ok']],
    ]);
    // sampleDecision: human u1 answered, model m1 drafted (the same answer on both questions).
    expect(answers.map((a) => [a.completed_by, a.result.map((x) => x.from_name)])).toEqual([['u1', ['q1', 'q2']]]);
    expect(tasks[0].predictions.map((p) => [p.model_version, p.result.map((x) => x.from_name)])).toEqual([['m1', ['q1', 'q2']]]);
  });

  it('names a row it cannot convert by its place in the release, not in the batch', () => {
    const rows = [row('item-1', 'q1', 'toxic'), row('item-2', 'q1', 'ok')];
    const convert = () => labelStudioTasksOf(rows, (id) => (id === 'item-1' ? 'text' : undefined), 4000);
    expect(convert).toThrow(InterchangeError);
    expect(convert).toThrow('rows[4001].item_id: no text given for item "item-2"');
  });
});

describe('tasksArray', () => {
  it('streams pieces that parse as one JSON array, empty or not', () => {
    const tasks = labelStudioTasksOf([row('item-1', 'q1', 'toxic'), row('item-2', 'q1', 'ok')], () => 'x', 0);
    const text = tasksArray.open + tasks.map((t, i) => tasksArray.task(t, i === 0)).join('') + tasksArray.close(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(tasks)));
    expect(text.split('\n')).toHaveLength(tasks.length + 3);
    expect(JSON.parse(tasksArray.open + tasksArray.close(false))).toEqual([]);
  });
});
