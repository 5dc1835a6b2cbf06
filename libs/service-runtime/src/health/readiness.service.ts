import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ObjectStore } from '@verity/storage';
import { DATA_SOURCE, KAFKA, OBJECT_STORE } from '../tokens';

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

const TIMEOUT_MS = 3000;

/** Checks every dependency a service needs before it may take traffic or consume. */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
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
    const checks = { kafka, postgres, s3 };
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
