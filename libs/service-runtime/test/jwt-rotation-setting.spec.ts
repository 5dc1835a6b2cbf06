import { ConfigError, loadConfig } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';
import { minimalPlatformEnv } from './support/minimal-env';

// JWT_PREVIOUS_SECRETS: keys being rotated out, still accepted by every service's guard.

const env = minimalPlatformEnv;

describe('JWT_PREVIOUS_SECRETS setting', () => {
  it('is an empty list when unset or empty (outside a rotation)', () => {
    expect(loadConfig('svc', platformSettings, env).JWT_PREVIOUS_SECRETS).toEqual([]);
    expect(loadConfig('svc', platformSettings, { ...env, JWT_PREVIOUS_SECRETS: '' }).JWT_PREVIOUS_SECRETS).toEqual([]);
  });

  it('splits a comma-separated list of keys, trimming spaces', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(48);
    expect(loadConfig('svc', platformSettings, { ...env, JWT_PREVIOUS_SECRETS: `${a}, ${b}` }).JWT_PREVIOUS_SECRETS).toEqual([a, b]);
  });

  it('names the setting when a key is too short to be a key', () => {
    let error: unknown;
    try {
      loadConfig('svc', platformSettings, { ...env, JWT_PREVIOUS_SECRETS: `${'a'.repeat(32)},short` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.name)).toContain('JWT_PREVIOUS_SECRETS');
  });
});
