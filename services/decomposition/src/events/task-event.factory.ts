import { createEvent, newEnvelope, ObjectRef, Question, TaskEvent, TaskOrigin, TOPICS } from '@verity/contracts';

/** What a task needs to know of its item in one project. */
export interface ItemInProject {
  projectId: string;
  itemId: string;
  contentType: number;
  language?: string;
  /** correlation_id of the item's flow (the content event that started it). */
  correlationId: string;
  /** What annotators see: the PII-masked text (text items). */
  maskedText?: string;
  /** The payload in the object store (audio, video, images, large text). */
  payloadRef?: ObjectRef;
  /** The content's upstream source and id (items.v1 `content`), carried on every task of the item. */
  source?: string;
  sourceId?: string;
}

/** What a task needs of its project's policy. */
export interface TaskPolicy {
  answersPerTask: number;
  requiredSkills: string[];
}

export interface NewTask {
  taskId: string;
  item: ItemInProject;
  question: Question;
  ontologyVersion: number;
  /** Guidelines text of that ontology version, so the task is self-contained. */
  guidelines: string;
  policy: TaskPolicy;
  origin: TaskOrigin;
  parentTaskId?: string;
  /** event_id of the event that caused the task (the item, project or decision event). */
  causationId: string;
}

/** The tasks.v1 event announcing a new task, with a snapshot of its question. */
export function taskEvent(t: NewTask): TaskEvent {
  return createEvent(TOPICS.tasks, {
    envelope: newEnvelope({
      producer: 'decomposition',
      projectId: t.item.projectId,
      spec: TOPICS.tasks,
      causationId: t.causationId,
      correlationId: t.item.correlationId,
    }),
    task: {
      taskId: t.taskId,
      itemId: t.item.itemId,
      projectId: t.item.projectId,
      questionId: t.question.questionId,
      ontologyVersion: t.ontologyVersion,
      question: t.question,
      contentType: t.item.contentType,
      language: t.item.language,
      requiredSkills: t.policy.requiredSkills,
      answersRequired: Math.max(1, t.policy.answersPerTask),
      priority: 0,
      origin: t.origin,
      parentTaskId: t.parentTaskId,
      honeypot: false,
      maskedText: t.item.maskedText,
      payloadRef: t.item.payloadRef,
      guidelines: t.guidelines,
      source: t.item.source ?? '',
      sourceId: t.item.sourceId ?? '',
    },
  });
}
