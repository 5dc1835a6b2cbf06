import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@verity/config';
import { platformSettings, requiredDlqKeySettings } from '@verity/service-runtime';
import { minimalPlatformEnv } from './support/minimal-env';

// DLQ_ENCRYPTION_KEY and DLQ_RETENTION_MS: optional platform-wide, the key required where a
// service consumes a sensitive topic; bad values named at start-up.

const env = minimalPlatformEnv;

const issues = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return [];
};

describe('DLQ settings', () => {
  it('are optional for the platform, with retention -1 by default', () => {
    const c = loadConfig('svc', platformSettings, env);
    expect(c.DLQ_ENCRYPTION_KEY).toBeUndefined();
    expect(c.DLQ_RETENTION_MS).toBe(-1);
    const key = randomBytes(32).toString('base64');
    const d = loadConfig('svc', platformSettings, { ...env, DLQ_ENCRYPTION_KEY: key, DLQ_RETENTION_MS: '604800000' });
    expect(d.DLQ_ENCRYPTION_KEY).toBe(key);
    expect(d.DLQ_RETENTION_MS).toBe(604800000);
  });

  it('name a bad key or retention', () => {
    expect(issues(() => loadConfig('svc', platformSettings, { ...env, DLQ_ENCRYPTION_KEY: randomBytes(16).toString('base64'), DLQ_RETENTION_MS: '0' }))).toEqual([
      { name: 'DLQ_ENCRYPTION_KEY', reason: 'must be base64 of 32 bytes (got 16)' },
      { name: 'DLQ_RETENTION_MS', reason: 'must be -1 (keep forever) or a positive number of milliseconds' },
    ]);
  });

  it('make the key required where a service asks for it (consumers of content.v1)', () => {
    expect(issues(() => loadConfig('ingestion', { ...platformSettings, ...requiredDlqKeySettings }, env))).toEqual([
      { name: 'DLQ_ENCRYPTION_KEY', reason: 'is required but not set' },
    ]);
  });
});
