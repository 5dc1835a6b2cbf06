import { create } from '@bufbuild/protobuf';
import { ModelBackend, PrelabelEventSchema, PrelabelRoute, QuestionKind, TaskOrigin, type Task } from '@verity/contracts';
import type { AssignmentConfig } from '../assignment.config';
import type { QueuePriorityRepository } from '../queue/queue-priority.repository';
import type { Queryable } from '../shared/db';
import { EnqueueTaskUseCase } from './enqueue-task.use-case';
import type { DraftInput, TaskIntakeRepository } from './task-intake.repository';

/** Records what the use case asks of the intake repository instead of writing to Postgres. */
class FakeTaskIntake {
  readonly queued: { taskId: string; answers: number; draft?: DraftInput; audit?: boolean }[] = [];
  readonly withdrawn: string[] = [];
  async enqueue(_db: Queryable, t: Task, opts: { answers: number; draft?: DraftInput; audit?: boolean }): Promise<boolean> {
    this.queued.push({ taskId: t.taskId, answers: opts.answers, draft: opts.draft, audit: opts.audit });
    return true;
  }
  async withdrawOpenSlots(_db: Queryable, t: Task): Promise<number> {
    this.withdrawn.push(t.taskId);
    return 0;
  }
}
/** A transaction that knows no project (N falls back to the task's answers_required). */
const fakeTx: Queryable = { query: async () => [] } as unknown as Queryable;
const fakeQueuePriority = { raiseIncomplete: async () => null } as unknown as QueuePriorityRepository;

const task = {
  taskId: 't-1', itemId: 'i-1', projectId: 'p-1', questionId: 'spam', ontologyVersion: 1, answersRequired: 2, origin: TaskOrigin.NEW_ITEM,
  question: { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam', label: 'Spam' }, { optionId: 'ham', label: 'Ham' }] },
};
const draft = { value: { case: 'choice' as const, value: { optionIds: ['spam'] } } };
const prelabel = (route: PrelabelRoute, withDraft = true) =>
  create(PrelabelEventSchema, {
    envelope: { eventId: 'pl-ev', projectId: 'p-1', correlationId: 'c-1' },
    task,
    route,
    draft: withDraft ? draft : undefined,
    model: { backend: ModelBackend.LOCAL, modelId: 'local-lr/p-1/spam', modelVersion: 'v1', calibratedConfidence: 0.7 },
  });

describe('assignment intake from prelabels.v1', () => {
  let intake: FakeTaskIntake;
  let useCase: EnqueueTaskUseCase;
  beforeEach(() => {
    intake = new FakeTaskIntake();
    useCase = new EnqueueTaskUseCase(intake as unknown as TaskIntakeRepository, fakeQueuePriority, { ASSIGNMENT_DEFAULT_ANSWERS: 3 } as AssignmentConfig);
  });

  it('AUTO_ACCEPT queues nothing for humans (and withdraws a copy queued from tasks.v1)', async () => {
    expect(await useCase.fromPrelabel(fakeTx, prelabel(PrelabelRoute.AUTO_ACCEPT), 'pl-ev')).toBe('auto_accepted');
    expect(intake.queued).toEqual([]);
    expect(intake.withdrawn).toEqual(['t-1']);
  });

  it('AUDIT queues for humans without the draft, even when the event carries one, flagged audit', async () => {
    expect(await useCase.fromPrelabel(fakeTx, prelabel(PrelabelRoute.AUDIT, true), 'pl-ev')).toBe('queued');
    expect(intake.queued).toEqual([{ taskId: 't-1', answers: 2, draft: undefined, audit: true }]);
  });

  it('HUMAN_WITH_DRAFT queues with the draft, its prelabel event id and model (so answers say draft_shown)', async () => {
    expect(await useCase.fromPrelabel(fakeTx, prelabel(PrelabelRoute.HUMAN_WITH_DRAFT), 'pl-ev')).toBe('queued');
    const q = intake.queued[0]!;
    expect(q.audit).toBe(false);
    expect(q.draft?.prelabelEventId).toBe('pl-ev');
    expect(q.draft?.answer.value).toMatchObject({ case: 'choice', value: { optionIds: ['spam'] } });
    expect(q.draft?.model?.modelId).toBe('local-lr/p-1/spam');
  });

  it('HUMAN_WITHOUT_DRAFT queues plainly', async () => {
    expect(await useCase.fromPrelabel(fakeTx, prelabel(PrelabelRoute.HUMAN_WITHOUT_DRAFT, false), 'pl-ev')).toBe('queued');
    expect(intake.queued).toEqual([{ taskId: 't-1', answers: 2, draft: undefined, audit: false }]);
  });
});
