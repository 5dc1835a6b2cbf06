import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { create } from '@bufbuild/protobuf';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import { ContentType, createEvent, newEnvelope, QuestionKind, QuestionSchema, TaskOrigin, TOPICS, uuidv7 } from '@verity/contracts';
import { DATA_SOURCE, platformSettings } from '@verity/service-runtime';
import { stackEnv, uniqueName } from '@verity/testing';
import { ItemRepository } from '../src/db/item.repository';
import { ProjectRepository } from '../src/db/project.repository';
import { TaskRepository } from '../src/db/task.repository';
import { decompositionSettings } from '../src/decomposition.settings';
import { DecompositionModule } from '../src/decomposition.module';
import { ApplyDecisionUseCase } from '../src/use-cases/apply-decision.use-case';

// Issue #17: a decision reaches a task only in the project its envelope names; a task id alone
// does not reach another project's task.
describe('decomposition: decisions are project-scoped', () => {
  stackEnv();
  const projectA = uniqueName('dec-scope-a');
  const projectB = uniqueName('dec-scope-b');
  const taskId = uuidv7();
  let app: INestApplication;
  let ds: DataSource;
  let decide: ApplyDecisionUseCase;

  const decision = (projectId: string) =>
    createEvent(TOPICS.decisions, {
      envelope: newEnvelope({ producer: 'quality', projectId, spec: TOPICS.decisions }),
      decisionId: uuidv7(),
      taskId,
      itemId: 'item-1',
      questionId: 'q1',
      label: 'yes',
    });
  const taskState = async () => {
    const [t] = await ds.query(`SELECT status FROM decomposition.tasks WHERE task_id = $1`, [taskId]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM decomposition.decisions WHERE task_id = $1`, [taskId]);
    return { status: t.status, decisions: n };
  };

  beforeAll(async () => {
    const config = loadConfig('decomposition', { ...platformSettings, ...decompositionSettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
    });
    app = await NestFactory.create(DecompositionModule.register(config), { logger: ['error'] });
    await app.init();
    ds = app.get(DATA_SOURCE);
    decide = app.get(ApplyDecisionUseCase);
    const item = { itemId: 'item-1', contentType: ContentType.TEXT, correlationId: uuidv7(), itemEventId: uuidv7() };
    await ds.transaction(async (tx) => {
      await app.get(ProjectRepository).lockForItem(tx, projectA); // the project's (placeholder) row
      await app.get(ItemRepository).insert(tx, projectA, item, 'decomposed', 1);
      await app.get(TaskRepository).insertMany(tx, [
        {
          taskId,
          item: { ...item, projectId: projectA },
          question: create(QuestionSchema, { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Q1?' }),
          ontologyVersion: 1,
          guidelines: '',
          policy: { answersPerTask: 1, requiredSkills: [] },
          origin: TaskOrigin.NEW_ITEM,
          causationId: uuidv7(),
        },
      ]);
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a decision naming another project is about an unknown task: nothing recorded, the task stays open', async () => {
    expect(await ds.transaction((tx) => decide.execute(tx, decision(projectB)))).toEqual({ result: 'unknown-task' });
    expect(await taskState()).toEqual({ status: 'created', decisions: 0 });
  });

  it('a decision without a project is refused, naming the field', async () => {
    await expect(ds.transaction((tx) => decide.execute(tx, decision('')))).rejects.toThrow('envelope.project_id');
    expect(await taskState()).toEqual({ status: 'created', decisions: 0 });
  });

  it('a decision in the task\'s project decides it', async () => {
    expect(await ds.transaction((tx) => decide.execute(tx, decision(projectA)))).toMatchObject({ result: 'applied' });
    expect(await taskState()).toEqual({ status: 'decided', decisions: 1 });
  });
});
