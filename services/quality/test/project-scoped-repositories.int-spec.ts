import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import { DATA_SOURCE, platformSettings } from '@verity/service-runtime';
import { stackEnv, uniqueName } from '@verity/testing';
import { AnswersRepository } from '../src/db/answers.repository';
import { MachineAuditsRepository } from '../src/db/machine-audits.repository';
import { TasksRepository } from '../src/db/tasks.repository';
import { QualityModule } from '../src/quality.module';
import { qualitySettings } from '../src/quality.settings';

// Issue #17: a task id alone never reaches another project's rows. Project A holds the task;
// project B names the same task id and sees, changes and resolves nothing of it.
describe('quality repositories are project-scoped', () => {
  stackEnv();
  const projectA = uniqueName('q-scope-a');
  const projectB = uniqueName('q-scope-b');
  const taskId = uniqueName('q-scope-task');
  let app: INestApplication;
  let ds: DataSource;
  let tasks: TasksRepository;
  let answers: AnswersRepository;
  let audits: MachineAuditsRepository;

  const taskOf = { taskId, itemId: 'item-1', questionId: 'q1', ontologyVersion: 1, answersRequired: null };
  const answerOf = (annotationId: string) => ({
    annotationId,
    eventId: annotationId,
    taskId,
    itemId: 'item-1',
    questionId: 'q1',
    ontologyVersion: 1,
    annotatorId: 'alice',
    source: 1,
    kind: 'choice',
    answerKey: 'yes',
    honeypot: false,
    expectedKey: null,
    honeypotCorrect: null,
    counted: true,
    draftKey: null,
    draftRecord: null,
    record: new Uint8Array(),
    submittedAt: new Date(),
  });
  const taskRow = async () =>
    (await ds.query(`SELECT project_id, human_answers, status, final_label FROM quality.tasks WHERE task_id = $1`, [taskId]))[0];

  beforeAll(async () => {
    const config = loadConfig('quality', { ...platformSettings, ...qualitySettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
    });
    app = await NestFactory.create(QualityModule.register(config), { logger: ['error'] });
    await app.init();
    ds = app.get(DATA_SOURCE);
    tasks = app.get(TasksRepository);
    answers = app.get(AnswersRepository);
    audits = app.get(MachineAuditsRepository);
    await ds.transaction(async (tx) => {
      await tasks.lockOrCreate(tx, projectA, taskOf);
      await answers.insert(tx, projectA, answerOf(`${taskId}-a1`));
      await audits.insert(tx, projectA, {
        annotationId: `${taskId}-m1`,
        taskId,
        itemId: 'item-1',
        questionId: 'q1',
        ontologyVersion: 1,
        modelId: 'm',
        modelVersion: 'v1',
        machineKey: 'yes',
      });
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('another project can neither create nor lock the task by its id', async () => {
    await expect(ds.transaction((tx) => tasks.lockOrCreate(tx, projectB, taskOf))).rejects.toThrow(`task_id ${taskId}`);
    expect(await ds.transaction((tx) => tasks.lock(tx, projectB, taskId))).toBeNull();
    expect(await ds.transaction((tx) => tasks.lock(tx, projectA, taskId))).toMatchObject({ taskId, projectId: projectA });
  });

  it('another project\'s writes by task id change nothing', async () => {
    await ds.transaction(async (tx) => {
      await tasks.countHumanAnswer(tx, projectB, taskId);
      await tasks.close(tx, projectB, taskId, { status: 'decided', eventId: 'e', label: 'no', agreement: 1, confidence: 1, reasons: [] });
    });
    const at = new Date();
    expect(await tasks.recordExpertFinal(ds, projectB, taskId, { label: 'no', answer: new Uint8Array(), method: 'adjudication', at })).toBe(false);
    expect(await taskRow()).toEqual({ project_id: projectA, human_answers: 0, status: 'open', final_label: null });
  });

  it('answers and audits of the task are found only in its project', async () => {
    expect(await ds.transaction((tx) => answers.forTask(tx, projectB, taskId))).toEqual([]);
    expect(await ds.transaction((tx) => answers.hasCounted(tx, projectB, taskId, 'alice'))).toBe(false);
    expect((await ds.transaction((tx) => answers.forTask(tx, projectA, taskId))).map((a) => a.annotationId)).toEqual([`${taskId}-a1`]);
    expect(await ds.transaction((tx) => answers.hasCounted(tx, projectA, taskId, 'alice'))).toBe(true);
    expect(await ds.transaction((tx) => audits.resolve(tx, projectB, taskId, 'yes', 'adjudication'))).toBe(0);
    expect(await ds.transaction((tx) => audits.resolve(tx, projectA, taskId, 'yes', 'adjudication'))).toBe(1);
  });
});
