import type { Answer } from '../../api/types';

export interface Submission {
  taskId: string;
  leaseId: string;
  answer: Answer;
  timeSpentMs: number;
}

/** What the outbox needs from the API (the real client, or a fake in unit tests). */
export interface SubmitPort {
  submit(taskId: string, body: { leaseId: string; answer: Answer; timeSpentMs: number }): Promise<unknown>;
}

export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type OutboxEvent = { kind: 'saved'; submission: Submission } | { kind: 'rejected'; submission: Submission; status: number; message: string };

interface Failure {
  status?: number;
  transient?: boolean;
  message?: string;
}

/**
 * Answers on their way to the gateway. A submit that fails for a transient reason (network,
 * 5xx, 429) stays here and is retried with capped backoff; it is also kept in session storage,
 * so a reload does not lose it. A submit the server refuses for good (409 lease gone, 403, 404,
 * 400) is reported once and dropped: retrying it cannot succeed.
 */
export class AnswerOutbox {
  private pending: Submission[];
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing = false;

  constructor(
    private readonly port: SubmitPort,
    private readonly storage: OutboxStorage,
    private readonly storageKey: string,
    private readonly onEvent: (e: OutboxEvent) => void,
    private readonly onChange: (pending: number) => void,
    private readonly backoff = (attempt: number) => Math.min(30000, 500 * 2 ** attempt),
  ) {
    this.pending = this.load();
  }

  get size(): number {
    return this.pending.length;
  }

  add(s: Submission): void {
    this.pending.push(s);
    this.save();
    void this.flush();
  }

  /** Sends every pending answer in order; stops at the first transient failure and schedules a retry. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    clearTimeout(this.timer);
    try {
      while (this.pending.length > 0) {
        const s = this.pending[0];
        try {
          await this.port.submit(s.taskId, { leaseId: s.leaseId, answer: s.answer, timeSpentMs: s.timeSpentMs });
          this.pending.shift();
          this.attempt = 0;
          this.save();
          this.onEvent({ kind: 'saved', submission: s });
        } catch (err) {
          const f = (err ?? {}) as Failure;
          if (f.transient !== false && (f.transient || f.status === undefined)) {
            this.timer = setTimeout(() => void this.flush(), this.backoff(this.attempt++));
            return;
          }
          this.pending.shift();
          this.save();
          this.onEvent({ kind: 'rejected', submission: s, status: f.status ?? 0, message: f.message ?? 'refused' });
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private load(): Submission[] {
    try {
      const raw = this.storage.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as Submission[]) : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      this.storage.setItem(this.storageKey, JSON.stringify(this.pending));
    } catch {
      // storage full or disabled: the answers stay in memory
    }
    this.onChange(this.pending.length);
  }
}
