import { exportLabelStudioTasks, InterchangeError, type LabelStudioTask, type ReleaseRowLike } from '@verity/interchange';

/** A release row as read back for a conversion: its item, status and stored canonical line. */
export interface ReleaseLineRow {
  itemId: string;
  status: 'active' | 'excluded';
  line: string;
}

/**
 * Regroups pages of release rows (release order: by item, then question) into batches that hold
 * whole items: the rows of the page's last item wait for the next page, since they may go on
 * there. Each batch comes with the release ordinal of its first row.
 */
export async function* wholeItems<T extends { itemId: string }>(pages: AsyncIterable<T[]>): AsyncGenerator<{ rows: T[]; offset: number }> {
  let carry: T[] = [];
  let offset = 0;
  for await (const page of pages) {
    if (page.length === 0) continue;
    const all = carry.length > 0 ? carry.concat(page) : page;
    const last = all[all.length - 1].itemId;
    let cut = all.length;
    while (cut > 0 && all[cut - 1].itemId === last) cut--;
    carry = all.slice(cut);
    if (cut > 0) {
      yield { rows: all.slice(0, cut), offset };
      offset += cut;
    }
  }
  if (carry.length > 0) yield { rows: carry, offset };
}

/** The items of some rows that become tasks (those with an active row), in order, once each. */
export function taskItemIds(rows: readonly { itemId: string; status: 'active' | 'excluded' }[]): string[] {
  return [...new Set(rows.filter((r) => r.status === 'active').map((r) => r.itemId))];
}

/**
 * The Label Studio tasks of a batch of whole items (exportLabelStudioTasks without a config: ids
 * as they are, the text under `data.text`). `texts` gives each item's masked text. An
 * InterchangeError names the row by its release ordinal (`rows[offset + i]`), not its place in
 * the batch.
 */
export function labelStudioTasksOf(rows: readonly ReleaseLineRow[], texts: (itemId: string) => string | undefined, offset: number): LabelStudioTask[] {
  const parsed = rows.map((r) => JSON.parse(r.line) as ReleaseRowLike);
  try {
    return exportLabelStudioTasks(parsed, { texts });
  } catch (e) {
    if (!(e instanceof InterchangeError)) throw e;
    const at = e.at.replace(/^rows\[(\d+)\]/, (_, i: string) => `rows[${offset + Number(i)}]`);
    throw new InterchangeError(at, e.reason);
  }
}

/**
 * The streamed JSON array, a piece at a time: `[`, then each task on its own line (`first`: no
 * comma before it), then the closing (`[]` for no task). The pieces together parse as one array.
 */
export const tasksArray = {
  open: '[',
  task: (task: LabelStudioTask, first: boolean): string => `${first ? '\n' : ',\n'}${JSON.stringify(task)}`,
  close: (anyTask: boolean): string => (anyTask ? '\n]\n' : ']\n'),
};
