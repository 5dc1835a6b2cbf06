import { ContentType } from '@verity/contracts';
import { servedMediaType } from '@verity/storage';
import { KIND_NAME } from './answer.validator';
import { questionFromJson } from './proto-json.mapper';

/** A leased task as the database gives it (real task or honeypot copy alike). */
export interface LeasedTaskRow {
  taskId: string;
  leaseId: string;
  expiresAt: Date;
  projectId: string;
  itemId: string;
  ontologyVersion: number;
  question: unknown;
  guidelines: string;
  contentType: number;
  maskedText: string | null;
  payloadRef: Record<string, unknown> | null;
  /** The draft shown with this lease (null when none). */
  draft: unknown;
}

/**
 * What an annotator sees of a leased task. Built by this one function for real tasks and
 * honeypot copies alike; every key is always present (null when empty), so the key set never
 * depends on the kind of task. Nothing about other annotators, honeypots or expected answers.
 */
export interface TaskView {
  taskId: string;
  leaseId: string;
  leaseExpiresAt: string;
  projectId: string;
  itemId: string;
  question: {
    id: string;
    type: string;
    prompt: string;
    options: { id: string; label: string; description: string }[];
    required: boolean;
    minSelections: number | null;
    maxSelections: number | null;
  };
  guidelines: string;
  /**
   * The content. A payload is never named by its storage location: `mediaUrl` is the task's
   * media route (relative, at the gateway's origin; only the lease holder gets the bytes) and
   * `mediaType` the type it is served with (null when unknown).
   */
  content: {
    type: string;
    text: string | null;
    mediaUrl: string | null;
    mediaType: string | null;
  };
  ontologyVersion: number;
  draft: unknown;
}

const CONTENT_TYPE_NAME: Record<number, string> = {
  [ContentType.UNSPECIFIED]: 'unspecified',
  [ContentType.TEXT]: 'text',
  [ContentType.AUDIO]: 'audio',
  [ContentType.VIDEO]: 'video',
  [ContentType.IMAGE]: 'image',
};

/** Where the lease holder fetches a task's payload (GET, served by TaskMediaUseCase). */
export function taskMediaUrl(taskId: string): string {
  return `/v1/tasks/${encodeURIComponent(taskId)}/media`;
}

export function toTaskView(r: LeasedTaskRow): TaskView {
  const q = questionFromJson(r.question);
  const ref = r.payloadRef;
  return {
    taskId: r.taskId,
    leaseId: r.leaseId,
    leaseExpiresAt: new Date(r.expiresAt).toISOString(),
    projectId: r.projectId,
    itemId: r.itemId,
    question: {
      id: q.questionId,
      type: KIND_NAME[q.kind] ?? 'unspecified',
      prompt: q.prompt,
      options: q.options.map((o) => ({ id: o.optionId, label: o.label, description: o.description })),
      required: q.required,
      minSelections: q.minSelections ?? null,
      maxSelections: q.maxSelections ?? null,
    },
    guidelines: r.guidelines,
    content: {
      type: CONTENT_TYPE_NAME[r.contentType] ?? 'unspecified',
      text: r.maskedText,
      mediaUrl: ref ? taskMediaUrl(r.taskId) : null,
      mediaType: ref && ref.mediaType ? servedMediaType(String(ref.mediaType)).contentType : null,
    },
    ontologyVersion: r.ontologyVersion,
    draft: r.draft ?? null,
  };
}
