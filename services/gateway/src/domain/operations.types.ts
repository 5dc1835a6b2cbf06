/** What the operations API answers (see operations.schemas.ts for the documented shapes). */

export interface DeadLetterReasonCount {
  reason: string;
  count: number;
}

export interface DeadLetterTopicSummary {
  topic: string;
  dlqTopic: string;
  /** Records in the DLQ topic now (end − start offsets, summed over partitions). */
  count: number;
  /** When the newest one was dead-lettered; null when the DLQ is empty. */
  newestAt: string | null;
  /** The five most frequent reasons among the records read (`reasonsSampled`), most frequent first. */
  reasons: DeadLetterReasonCount[];
  /** How many of the newest records the reasons were counted over (all of them up to 200 per partition). */
  reasonsSampled: number;
}

export interface DeadLetterOrigin {
  topic: string;
  partition: number | null;
  offset: number | null;
  consumerGroup?: string;
}

export interface DeadLetterView {
  id: string;
  partition: number;
  offset: number;
  at: string;
  key: string | null;
  reason: string;
  origin: DeadLetterOrigin;
  projectId?: string;
  payload: Record<string, unknown> | null;
  encrypted: boolean;
  redriven: { at: string; by: string } | null;
}

export interface DeadLetterPage {
  records: DeadLetterView[];
  nextCursor: string | null;
}

export interface RedriveResult {
  redriven: number;
  skipped: { id: string; reason: string }[];
  /** With `all`: records left unexamined because one call redrives at most REDRIVE_ALL_MAX; 0 otherwise. */
  remaining: number;
}

export interface PartitionLag {
  partition: number;
  committed: number | null;
  end: number;
  lag: number;
}

export interface TopicLag {
  topic: string;
  partitions: PartitionLag[];
  lag: number;
}

export interface GroupLag {
  group: string;
  service: string;
  topics: TopicLag[];
  lag: number;
}
