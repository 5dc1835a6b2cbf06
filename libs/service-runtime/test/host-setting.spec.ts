import { ConfigError, loadConfig } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';
import { minimalPlatformEnv } from './support/minimal-env';

// HOST: the address a service binds. Loopback unless a deployment opens it (containers: 0.0.0.0).

const env = minimalPlatformEnv;

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
