import { ConfigError, databaseSettings, kafkaSettings, loadConfig, serviceSettings, z } from '@verity/config';

describe('loadConfig', () => {
  const shape = { ...kafkaSettings, ...databaseSettings, ...serviceSettings, BATCH: z.coerce.number().int() };

  it('parses and types every setting, applying defaults', () => {
    const cfg = loadConfig('svc', shape, {
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
      DATABASE_URL: 'postgres://u@h:5432/db',
      BATCH: '7',
    });
    expect(cfg.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
    expect(cfg.PORT).toBe(3000);
    expect(cfg.BATCH).toBe(7);
    expect(cfg.LOG_LEVEL).toBe('info');
  });

  it('names every missing or bad setting with its reason', () => {
    let err: unknown;
    try {
      loadConfig('gateway', shape, { KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://x', PORT: '99999', BATCH: '' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues;
    const byName = Object.fromEntries(issues.map((i) => [i.name, i.reason]));
    expect(byName.KAFKA_BROKERS).toMatch(/host:port/);
    expect(byName.DATABASE_URL).toMatch(/postgres/);
    expect(byName.PORT).toBeDefined();
    expect(byName.BATCH).toBe('is required but not set');
    expect((err as Error).message).toMatch(/^gateway: invalid configuration/);
  });
});
