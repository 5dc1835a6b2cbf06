import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { ConsumerHealth } from '@verity/messaging';
import { ObjectStore } from '@verity/storage';
import { EventRuntime } from '../event-runtime';
import { DATA_SOURCE, KAFKA, OBJECT_STORE } from '../tokens';

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

const TIMEOUT_MS = 3000;

/**
 * Checks every dependency a service needs before it may take traffic or consume, and that no
 * consumer partition has been stuck on a transient failure for longer than CONSUMER_STALL_MS.
 */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly runtime: EventRuntime,
  ) {}

  async check(): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const [kafka, postgres, s3] = await Promise.all([
      this.timed(async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      }),
      this.timed(async () => {
        await this.ds.query('SELECT 1');
      }),
      this.timed(() => this.store.ping()),
    ]);
    const checks = { kafka, postgres, s3, consumers: consumersCheck(this.runtime.consumerHealth()) };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private async timed(fn: () => Promise<unknown>): Promise<CheckResult> {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return { ok: true, ms: Date.now() - t0 };
    } catch (err) {
      return { ok: false, ms: Date.now() - t0, error: (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Not ok while a partition has been stalled longer than its consumer's stall time; names each one, never a payload. */
export function consumersCheck(health: ConsumerHealth[]): CheckResult {
  const stalled = health.flatMap((h) =>
    h.partitions
      .filter((p) => p.stalledForMs >= h.stallMs)
      .map((p) => `${h.groupId} ${p.topic}[${p.partition}]@${p.offset} for ${Math.round(p.stalledForMs / 1000)} s (${p.reason})`),
  );
  return stalled.length ? { ok: false, ms: 0, error: `stalled on a transient failure: ${stalled.join('; ')}` } : { ok: true, ms: 0 };
}
