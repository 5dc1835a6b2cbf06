import { create } from '@bufbuild/protobuf';
import { ModelBackend, PrelabelEventSchema, PrelabelRoute, QuestionKind, TaskOrigin, type Task } from '@verity/contracts';
import type { AssignmentConfig } from '../assignment.settings';
import type { QueuePriorityRepository } from '../db/queue-priority.repository';
import type { EntityManager } from 'typeorm';
import { EnqueueTaskUseCase } from './enqueue-task.use-case';
import type { ImportedAnswersRepository } from '../db/imported-answers.repository';
import type { ApplyImportedAnswersService } from './apply-imported-answers.service';
import type { DraftInput, QueueEntry, TaskIntakeRepository } from '../db/task-intake.repository';

/** Records what the use case asks of the intake repository instead of writing to Postgres. */
class FakeTaskIntake {
  readonly queued: { taskId: string; answers: number; draft?: DraftInput; audit?: boolean }[] = [];
  /** `project/task` of every withdrawal. */
  readonly withdrawn: string[] = [];
  /** Every call in order, e.g. `many:t-1,t-2`, `one:t-1`, `withdraw:t-1`. */
  readonly calls: string[] = [];
  /** Task ids already queued: enqueue reports them not new. */
  readonly known = new Set<string>();
  async enqueue(_db: unknown, projectId: string, t: Task, opts: { answers: number; draft?: DraftInput; audit?: boolean }): Promise<boolean> {
    if (projectId !== t.projectId) throw new Error(`task ${t.taskId} of ${t.projectId} queued as ${projectId}`);
    this.calls.push(`one:${t.taskId}`);
    return this.queue({ task: t, ...opts });
  }
  async enqueueMany(_db: unknown, entries: QueueEntry[]): Promise<boolean[]> {
    this.calls.push(`many:${entries.map((e) => e.task.taskId).join(',')}`);
    return entries.map((e) => this.queue(e));
  }
  async withdrawOpenSlots(_db: unknown, projectId: string, taskId: string): Promise<number> {
    this.calls.push(`withdraw:${taskId}`);
    this.withdrawn.push(`${projectId}/${taskId}`);
    return 0;
  }
  private queue(e: { task: Task; answers: number; draft?: DraftInput; audit?: boolean }): boolean {
    this.queued.push({ taskId: e.task.taskId, answers: e.answers, draft: e.draft, audit: e.audit });
    const isNew = !this.known.has(e.task.taskId);
    this.known.add(e.task.taskId);
    return isNew;
  }
}
/** A transaction that knows no project (N falls back to the task's answers_required). */
const fakeTx = { query: async () => [] } as unknown as EntityManager;

/** Records the import locks and the parked-answer look-ups the intake asks for, in the same call log. */
const importFakes = (calls: string[]) => ({
  repo: { lockProjectsShared: async (_db: unknown, ids: string[]) => void calls.push(`lock:${ids.join(',')}`) } as unknown as ImportedAnswersRepository,
  applier: {
    applyToTasks: async (_db: unknown, projectId: string, ids: string[]) => {
      calls.push(`apply:${projectId}:${ids.join(',')}`);
      return { applied: [], notApplicable: [] };
    },
  } as unknown as ApplyImportedAnswersService,
});
const fakeQueuePriority = { raiseIncomplete: async () => null } as unknown as QueuePriorityRepository;

const task = {
  taskId: 't-1', itemId: 'i-1', projectId: 'p-1', questionId: 'spam', ontologyVersion: 1, answersRequired: 2, origin: TaskOrigin.NEW_ITEM,
  question: { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam', label: 'Spam' }, { optionId: 'ham', label: 'Ham' }] },
};
const draft = { value: { case: 'choice' as const, value: { optionIds: ['spam'] } } };
const prelabel = (route: PrelabelRoute, withDraft = true, over: Partial<typeof task> = {}) =>
  create(PrelabelEventSchema, {
    envelope: { eventId: 'pl-ev', projectId: 'p-1', correlationId: 'c-1' },
    task: { ...task, ...over },
    route,
    draft: withDraft ? draft : undefined,
    model: { backend: ModelBackend.LOCAL, modelId: 'local-lr/p-1/spam', modelVersion: 'v1', calibratedConfidence: 0.7 },
  });

describe('assignment intake from prelabels.v1', () => {
  let intake: FakeTaskIntake;
  let useCase: EnqueueTaskUseCase;
  beforeEach(() => {
    intake = new FakeTaskIntake();
    const fakes = importFakes(intake.calls);
    useCase = new EnqueueTaskUseCase(intake as unknown as TaskIntakeRepository, fakeQueuePriority, { ASSIGNMENT_DEFAULT_ANSWERS: 3 } as AssignmentConfig, fakes.repo, fakes.applier);
  });

  it('AUTO_ACCEPT queues nothing for humans (and withdraws a copy queued from tasks.v1)', async () => {
    expect(await useCase.fromPrelabel(fakeTx, prelabel(PrelabelRoute.AUTO_ACCEPT), 'pl-ev')).toBe('auto_accepted');
    expect(intake.queued).toEqual([]);
    expect(intake.withdrawn).toEqual(['p-1/t-1']);
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

describe('assignment intake of a batch', () => {
  let intake: FakeTaskIntake;
  let useCase: EnqueueTaskUseCase;
  beforeEach(() => {
    intake = new FakeTaskIntake();
    const fakes = importFakes(intake.calls);
    useCase = new EnqueueTaskUseCase(intake as unknown as TaskIntakeRepository, fakeQueuePriority, { ASSIGNMENT_DEFAULT_ANSWERS: 3 } as AssignmentConfig, fakes.repo, fakes.applier);
  });
  const t = (taskId: string, over: Partial<typeof task> = {}) => ({ ...task, taskId, ...over }) as unknown as Task;

  it('queues runs of plain tasks in bulk and handles anything else alone, in its place, in offset order', async () => {
    const outcomes = await useCase.enqueueMany(fakeTx, [
      { kind: 'task', task: t('t-1'), env: undefined, eventId: 'e-1' },
      { kind: 'task', task: t('t-2'), env: undefined, eventId: 'e-2' },
      { kind: 'prelabel', ev: prelabel(PrelabelRoute.AUTO_ACCEPT, true, { taskId: 't-1' }), eventId: 'e-3' },
      { kind: 'task', task: t('t-3', { origin: TaskOrigin.ACTIVE_LEARNING }), env: undefined, eventId: 'e-4' },
      { kind: 'task', task: t('t-4'), env: undefined, eventId: 'e-5' },
    ]);
    expect(intake.calls).toEqual(['many:t-1,t-2', 'withdraw:t-1', 'one:t-3', 'many:t-4']);
    expect(outcomes).toEqual(['queued', 'queued', 'auto_accepted', 'queued', 'queued']);
  });

  it('a task seen twice in a batch: the later event applies after the first (an audit after a draft), in order', async () => {
    const outcomes = await useCase.enqueueMany(fakeTx, [
      { kind: 'prelabel', ev: prelabel(PrelabelRoute.HUMAN_WITH_DRAFT), eventId: 'e-1' },
      { kind: 'task', task: t('t-2'), env: undefined, eventId: 'e-2' },
      { kind: 'prelabel', ev: prelabel(PrelabelRoute.AUDIT), eventId: 'e-3' },
    ]);
    expect(intake.calls).toEqual(['many:t-1,t-2', 'one:t-1']);
    expect(outcomes).toEqual(['queued', 'queued', 'duplicate']);
    expect(intake.queued.map((q) => [q.taskId, q.audit, q.draft !== undefined])).toEqual([
      ['t-1', false, true],
      ['t-2', undefined, false],
      ['t-1', true, false],
    ]);
  });

  it('locks the projects of tasks with source ids before writing, then applies parked imported answers to the new ones only', async () => {
    intake.known.add('t-2'); // already queued: a redelivery
    const outcomes = await useCase.enqueueMany(fakeTx, [
      { kind: 'task', task: t('t-1', { source: 'ls', sourceId: '1' } as Partial<typeof task>), env: undefined, eventId: 'e-1' },
      { kind: 'task', task: t('t-2', { source: 'ls', sourceId: '2' } as Partial<typeof task>), env: undefined, eventId: 'e-2' },
      { kind: 'task', task: t('t-3'), env: undefined, eventId: 'e-3' },
      { kind: 'task', task: t('t-4', { projectId: 'p-2', source: 'ls', sourceId: '4' } as Partial<typeof task>), env: undefined, eventId: 'e-4' },
    ]);
    expect(outcomes).toEqual(['queued', 'duplicate', 'queued', 'queued']);
    expect(intake.calls).toEqual(['lock:p-1,p-2', 'many:t-1,t-2,t-3,t-4', 'apply:p-1:t-1', 'apply:p-2:t-4']);
  });

  it('tasks without source ids take no import lock and look for no imported answers', async () => {
    await useCase.enqueueMany(fakeTx, [{ kind: 'task', task: t('t-1'), env: undefined, eventId: 'e-1' }]);
    await useCase.fromTask(fakeTx, t('t-9', { origin: TaskOrigin.FEEDBACK }), undefined, 'e-9');
    expect(intake.calls).toEqual(['many:t-1', 'one:t-9']);
  });

  it('an invalid task fails the whole batch with the reason (the consumer then handles it record by record)', async () => {
    await expect(
      useCase.enqueueMany(fakeTx, [
        { kind: 'task', task: t('t-1'), env: undefined, eventId: 'e-1' },
        { kind: 'task', task: t('t-2', { projectId: '' }), env: undefined, eventId: 'e-2' },
      ]),
    ).rejects.toThrow('task.projectId is empty');
    expect(intake.calls).toEqual([]);
  });
});
