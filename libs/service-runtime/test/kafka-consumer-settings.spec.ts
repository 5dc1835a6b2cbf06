import type { Kafka } from 'kafkajs';
import { ConfigError, loadConfig } from '@verity/config';
import { DEFAULT_FETCH_LIMITS, DEFAULT_SESSION_TIMEOUT_MS, type EventCodec, type EventProducer } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import type { DataSource } from 'typeorm';
import { EventRuntime, platformSettings, type PlatformMetrics } from '@verity/service-runtime';
import { minimalPlatformEnv } from './support/minimal-env';

// The consumer settings every service reads, from the settings to every consumer its EventRuntime
// makes: KAFKA_FETCH_MAX_BYTES and KAFKA_FETCH_PARTITION_MAX_BYTES, what one fetch brings at most
// (decision 77); KAFKA_SESSION_TIMEOUT_MS, how long a crashed consumer's partitions wait.

const env = minimalPlatformEnv;

/** A fake kafkajs client: records the config of each consumer made. */
function fakeKafka() {
  const configs: Record<string, unknown>[] = [];
  const kafka = {
    consumer: (cfg: Record<string, unknown>) => {
      configs.push(cfg);
      return { events: { CRASH: 'crash', GROUP_JOIN: 'join' }, on: () => undefined, connect: async () => undefined, subscribe: async () => undefined, run: async () => undefined };
    },
  };
  return { kafka: kafka as unknown as Kafka, configs };
}

const runtimeWith = (kafka: Kafka, config: Record<string, unknown>) =>
  new EventRuntime(
    kafka,
    {} as EventCodec,
    {} as DataSource,
    { service: 'svc', schema: 'svc' },
    { connect: async () => undefined } as unknown as EventProducer,
    new Logger('unit', 'error'),
    config,
    {} as PlatformMetrics,
  );

describe('Kafka fetch limits', () => {
  it('default to the messaging library limits, and take the values a deployment sets', () => {
    const c = loadConfig('svc', platformSettings, env);
    expect([c.KAFKA_FETCH_MAX_BYTES, c.KAFKA_FETCH_PARTITION_MAX_BYTES]).toEqual([DEFAULT_FETCH_LIMITS.maxBytes, DEFAULT_FETCH_LIMITS.maxBytesPerPartition]);
    const d = loadConfig('svc', platformSettings, { ...env, KAFKA_FETCH_MAX_BYTES: '4194304', KAFKA_FETCH_PARTITION_MAX_BYTES: '524288' });
    expect([d.KAFKA_FETCH_MAX_BYTES, d.KAFKA_FETCH_PARTITION_MAX_BYTES]).toEqual([4194304, 524288]);
  });

  it('name a value that is not a positive whole number of bytes', () => {
    let error: unknown;
    try {
      loadConfig('svc', platformSettings, { ...env, KAFKA_FETCH_MAX_BYTES: '0', KAFKA_FETCH_PARTITION_MAX_BYTES: '1.5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.name)).toEqual(['KAFKA_FETCH_MAX_BYTES', 'KAFKA_FETCH_PARTITION_MAX_BYTES']);
  });

  it("reach every consumer the service's runtime makes", async () => {
    const { kafka, configs } = fakeKafka();
    const runtime = runtimeWith(kafka, { KAFKA_FETCH_MAX_BYTES: 4096, KAFKA_FETCH_PARTITION_MAX_BYTES: 1024 });
    await runtime.consumer().start();
    await runtime.consumer({ groupSuffix: 'projects' }).start();
    expect(configs).toHaveLength(2);
    for (const cfg of configs) expect(cfg).toMatchObject({ maxBytes: 4096, maxBytesPerPartition: 1024 });
    expect(configs.map((c) => c.groupId)).toEqual(['svc', 'svc.projects']);
  });
});

describe('Kafka session timeout', () => {
  const loadError = (value: string) => {
    try {
      loadConfig('svc', platformSettings, { ...env, KAFKA_SESSION_TIMEOUT_MS: value });
    } catch (e) {
      return e as ConfigError;
    }
    throw new Error(`KAFKA_SESSION_TIMEOUT_MS=${value} was accepted`);
  };

  it('defaults to the messaging library timeout, and takes the value a deployment sets', () => {
    expect(loadConfig('svc', platformSettings, env).KAFKA_SESSION_TIMEOUT_MS).toBe(DEFAULT_SESSION_TIMEOUT_MS);
    expect(loadConfig('svc', platformSettings, { ...env, KAFKA_SESSION_TIMEOUT_MS: '10000' }).KAFKA_SESSION_TIMEOUT_MS).toBe(10000);
  });

  it('names a value outside what the broker takes by default, or not a whole number of ms', () => {
    for (const [value, reason] of [
      ['5999', /at least 6000/],
      ['1800001', /at most 1800000/],
      ['12.5', /expected int/],
    ] as const) {
      const e = loadError(value);
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.issues.map((i) => i.name)).toEqual(['KAFKA_SESSION_TIMEOUT_MS']);
      expect(e.message).toMatch(reason);
    }
  });

  it("reaches every consumer the service's runtime makes; a consumer's own option still wins", async () => {
    const { kafka, configs } = fakeKafka();
    const runtime = runtimeWith(kafka, { KAFKA_SESSION_TIMEOUT_MS: 10000 });
    await runtime.consumer().start();
    await runtime.consumer({ groupSuffix: 'slow', sessionTimeoutMs: 45000 }).start();
    expect(configs.map((c) => c.sessionTimeout)).toEqual([10000, 45000]);
    const { kafka: k2, configs: c2 } = fakeKafka();
    await runtimeWith(k2, {}).consumer().start();
    expect(c2[0]!.sessionTimeout).toBe(DEFAULT_SESSION_TIMEOUT_MS);
  });
});
