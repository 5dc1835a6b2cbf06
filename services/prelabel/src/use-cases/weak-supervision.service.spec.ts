import type { DataSource } from 'typeorm';
import type { Task } from '@verity/contracts';
import type { Logger } from '@verity/telemetry';
import type { LabelingFunctionRepository, StoredLf } from '../db/labeling-function.repository';
import type { LabelRepository } from '../db/label.repository';
import type { LfVoteRepository } from '../db/lf-vote.repository';
import type { ModelRepository } from '../db/model.repository';
import type { ProjectPolicyRepository } from '../db/project-policy.repository';
import type { TaskRepository } from '../db/task.repository';
import type { PrelabelConfig } from '../prelabel.settings';
import type { ModelCache } from './model-cache.service';
import type { LfInputs } from './lf-inputs.service';
import { REFIT_CHECK_MS, WeakSupervisionService } from './weak-supervision.service';

describe('WeakSupervisionService refit checks (fake repositories)', () => {
  // Fakes that count how often a refit check reads the active LFs and counts the question's votes;
  // no task snapshot is known, so a due check ends before fitting anything.
  let activeReads: number;
  let voteCounts: number;
  let active: StoredLf[];
  const keywordsLf = { projectId: 'p', lf: { id: 'kw', version: 1, owner: 'pm', question_id: 'q', kind: 'keywords', keywords: ['free'], votes: 'spam' } } as unknown as StoredLf;
  const service = () =>
    new WeakSupervisionService(
      {} as DataSource,
      { PRELABEL_THRESHOLD_MIN_SUPPORT: 30 } as PrelabelConfig,
      { active: async () => ((activeReads += 1), active) } as unknown as LabelingFunctionRepository,
      { count: async () => ((voteCounts += 1), 0) } as unknown as LfVoteRepository,
      {} as LabelRepository,
      {} as ModelRepository,
      {} as ProjectPolicyRepository,
      { latestQuestionTask: async () => null } as unknown as TaskRepository,
      { get: async () => null } as unknown as ModelCache,
      { extrasFor: async () => ({}) } as unknown as LfInputs,
      { error: () => undefined } as unknown as Logger,
    );
  beforeEach(() => {
    activeReads = 0;
    voteCounts = 0;
    active = [];
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6) });
  });
  afterEach(() => jest.useRealTimers());

  it('checks a question at most once per REFIT_CHECK_MS for arriving labels, at once when an LF changed', async () => {
    const s = service();
    await s.maybeRefit('p', 'q');
    await s.maybeRefit('p', 'q');
    expect(activeReads).toBe(1);
    await s.maybeRefit('p', 'other');
    expect(activeReads).toBe(2);
    await s.maybeRefit('p', 'q', { now: true });
    expect(activeReads).toBe(3);
    jest.setSystemTime(Date.now() + REFIT_CHECK_MS);
    await s.maybeRefit('p', 'q');
    expect(activeReads).toBe(4);
  });

  it('calls skipped within the interval are not lost: one check runs at its end', async () => {
    const s = service();
    await s.maybeRefit('p', 'q');
    await s.maybeRefit('p', 'q');
    await s.maybeRefit('p', 'q');
    expect(activeReads).toBe(1);
    await jest.advanceTimersByTimeAsync(REFIT_CHECK_MS - 1);
    expect(activeReads).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(activeReads).toBe(2);
    await jest.advanceTimersByTimeAsync(5 * REFIT_CHECK_MS);
    expect(activeReads).toBe(2);
  });

  it('at shutdown, a trailing check still waiting is dropped and no new one starts (the database closes next)', async () => {
    const s = service();
    await s.maybeRefit('p', 'q');
    await s.maybeRefit('p', 'q'); // schedules the trailing check
    s.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(2 * REFIT_CHECK_MS);
    expect(activeReads).toBe(1);
    await s.maybeRefit('p', 'other', { now: true });
    expect(activeReads).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('arriving tasks of a question with active LFs and no fit: no weak label, and a refit check once they are stored', async () => {
    active = [keywordsLf];
    const s = service();
    const task = { taskId: 't1', itemId: 'i1', projectId: 'p', questionId: 'q', maskedText: 'free stuff' } as Task;
    const first = await s.draftsFor([task], () => 0.95);
    expect(first.drafts.size).toBe(0);
    expect(first.lfQuestions).toEqual([{ projectId: 'p', questionId: 'q' }]);
    expect(voteCounts).toBe(0);
    s.afterArrival(first.lfQuestions);
    await jest.advanceTimersByTimeAsync(0);
    expect(voteCounts).toBe(1);
    // A second batch within the interval is checked at the interval's end.
    s.afterArrival((await s.draftsFor([{ ...task, taskId: 't2', itemId: 'i2' } as Task], () => 0.95)).lfQuestions);
    await jest.advanceTimersByTimeAsync(0);
    expect(voteCounts).toBe(1);
    await jest.advanceTimersByTimeAsync(REFIT_CHECK_MS);
    expect(voteCounts).toBe(2);
    // A project without LFs: nothing to check.
    active = [];
    expect((await s.draftsFor([{ ...task, taskId: 't3' } as Task], () => 0.95)).lfQuestions).toEqual([]);
  });
});
