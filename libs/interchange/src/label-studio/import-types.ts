/**
 * One piece of content to push, in the shape `@verity/cli` reads content files into
 * (`ContentLine` of libs/cli/src/content-file.ts; POST /v1/content takes `body`).
 */
export interface ContentLine {
  /** 1-based task number in the Label Studio file. */
  at: number;
  body: {
    source: string;
    sourceId: string;
    contentType: 'text';
    text: string;
    tags: string[];
    language?: string;
    metadata: Record<string, string>;
  };
}

/** A Label Studio prediction result: a machine draft for one question of one task. */
export interface ImportedPrelabel {
  source_id: string;
  question_id: string;
  /** The option id for a single-choice question; empty for multiple choice (as LabelEvent.label). */
  label: string;
  /** The chosen option ids, in the order Label Studio listed them. */
  option_ids: string[];
  /** The result's score, else the prediction's score, as Label Studio gave it. */
  score?: number;
  model_version: string;
}

/** A Label Studio annotation result: one human's answer to one question of one task. */
export interface ImportedAnswer {
  source_id: string;
  question_id: string;
  label: string;
  option_ids: string[];
  /** The Verity annotator id: a mapped one, or the external key (see ImportedAnnotator). */
  annotator: string;
  /** The annotation's created_at as Label Studio wrote it. */
  created_at: string;
  /** Seconds the annotator spent on the task (Label Studio's lead_time). */
  lead_time?: number;
  /** The annotation was marked ground truth in Label Studio. */
  ground_truth?: true;
  /** The Label Studio annotation id, for tracing. */
  ls_annotation_id?: number | string;
}

/** Someone who annotated in Label Studio. */
export interface ImportedAnnotator {
  /** The Verity annotator id the answers carry. */
  key: string;
  /** True when no mapping named them: services create them as external annotators under `key`. */
  external: boolean;
  ls_user_id?: number;
  email?: string;
}

/** Something in one task that was not imported, and why. */
export interface ImportIssue {
  /** 0-based index of the task in the file. */
  task: number;
  /** Path of the faulty field, e.g. `tasks[3].annotations[0].result[1].from_name`. */
  field: string;
  reason: string;
}

export interface LabelStudioImport {
  content: ContentLine[];
  prelabels: ImportedPrelabel[];
  answers: ImportedAnswer[];
  annotators: ImportedAnnotator[];
  errors: ImportIssue[];
  counts: {
    tasks: number;
    /** Tasks whose content was imported. */
    imported_tasks: number;
    /** Annotations read (imported in whole or in part). */
    annotations: number;
    /** Cancelled (skipped) annotations: not answers, left out. */
    cancelled: number;
    /** Final-label annotations of a Verity export: a release's labels, not answers, left out. */
    final_labels: number;
    predictions: number;
  };
}

export interface ImportOptions {
  /** content.v1 `source` of the content lines (default "label-studio"). */
  source?: string;
  /** The data field (or object tag name) holding the text; needed when the config has several. */
  textField?: string;
  /** Label Studio user id (as a string) or e-mail → existing Verity annotator id. */
  annotators?: Record<string, string>;
  /** Prefix of the external annotator key made for an unmapped user (default "label-studio:"). */
  annotatorPrefix?: string;
  /** Model version for predictions that have none; without it such a prediction is an error. */
  defaultModelVersion?: string;
}
