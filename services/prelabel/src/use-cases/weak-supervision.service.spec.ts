import type { DataSource } from 'typeorm';
import type { Logger } from '@verity/telemetry';
import type { LabelingFunctionRepository } from '../db/labeling-function.repository';
import type { LabelRepository } from '../db/label.repository';
import type { LfVoteRepository } from '../db/lf-vote.repository';
import type { ModelRepository } from '../db/model.repository';
import type { ProjectPolicyRepository } from '../db/project-policy.repository';
import type { TaskRepository } from '../db/task.repository';
import type { PrelabelConfig } from '../prelabel.settings';
import type { ModelCache } from './model-cache.service';
import { REFIT_CHECK_MS, WeakSupervisionService } from './weak-supervision.service';

describe('WeakSupervisionService.maybeRefit (fake repositories)', () => {
  // A fake LF repository that counts how often the refit check reads the active LFs (none: nothing to fit).
  let reads: number;
  const fakeLfs = { active: async () => ((reads += 1), []) } as unknown as LabelingFunctionRepository;
  const service = () =>
    new WeakSupervisionService(
      {} as DataSource,
      {} as PrelabelConfig,
      fakeLfs,
      {} as LfVoteRepository,
      {} as LabelRepository,
      {} as ModelRepository,
      {} as ProjectPolicyRepository,
      {} as TaskRepository,
      {} as ModelCache,
      {} as Logger,
    );
  beforeEach(() => {
    reads = 0;
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6) });
  });
  afterEach(() => jest.useRealTimers());

  it('checks a question at most once per REFIT_CHECK_MS for arriving labels, at once when an LF changed', async () => {
    const s = service();
    await s.maybeRefit('p', 'q');
    await s.maybeRefit('p', 'q');
    expect(reads).toBe(1);
    await s.maybeRefit('p', 'other');
    expect(reads).toBe(2);
    await s.maybeRefit('p', 'q', { now: true });
    expect(reads).toBe(3);
    jest.setSystemTime(Date.now() + REFIT_CHECK_MS);
    await s.maybeRefit('p', 'q');
    expect(reads).toBe(4);
  });
});
