import { TaskOrigin } from '@verity/contracts';
import { isReask } from './reask.rule';

describe('isReask', () => {
  it('is true for active-learning and feedback tasks, which ask again about a known item', () => {
    expect(isReask({ origin: TaskOrigin.ACTIVE_LEARNING })).toBe(true);
    expect(isReask({ origin: TaskOrigin.FEEDBACK })).toBe(true);
  });

  it('is false for new items, met conditions, relabels and unset origins, which are new work', () => {
    for (const origin of [TaskOrigin.NEW_ITEM, TaskOrigin.CONDITION_MET, TaskOrigin.RELABEL, TaskOrigin.UNSPECIFIED]) expect(isReask({ origin })).toBe(false);
  });
});
