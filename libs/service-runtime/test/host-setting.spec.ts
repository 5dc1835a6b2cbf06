import { ConfigError, loadConfig } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';

// HOST: the address a service binds. Loopback unless a deployment opens it (containers: 0.0.0.0).

const env = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  S3_ACCESS_KEY_ID: 'a',
  S3_SECRET_ACCESS_KEY: 'b',
  S3_BUCKET: 'verity',
  JWT_SECRET: 'x'.repeat(40),
};

describe('HOST setting', () => {
  it('defaults to loopback', () => {
    expect(loadConfig('svc', platformSettings, env).HOST).toBe('127.0.0.1');
  });

  it('takes an address a deployment sets', () => {
    expect(loadConfig('svc', platformSettings, { ...env, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig('svc', platformSettings, { ...env, HOST: '::' }).HOST).toBe('::');
  });

  it('names HOST when the value is not an address', () => {
    let error: unknown;
    try {
      loadConfig('svc', platformSettings, { ...env, HOST: 'http://0.0.0.0/' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.name)).toContain('HOST');
  });
});
