import { ConfigError, loadConfig } from '@verity/config';
import type { ConsumerHealth } from '@verity/messaging';
import { platformSettings } from '@verity/service-runtime';
import { consumersCheck } from '../src/health/readiness.service';
import { minimalPlatformEnv } from './support/minimal-env';

// CONSUMER_STALL_MS and the readiness check it drives: not ready while a partition has waited on a
// transient failure for longer than the stall time, ready again once it moves.

const env = minimalPlatformEnv;

function group(groupId: string, stallMs: number, stalledForMs: number[]): ConsumerHealth {
  const partitions = stalledForMs.map((ms, partition) => ({
    topic: 'items.v1',
    partition,
    offset: String(40 + partition),
    since: new Date(Date.now() - ms).toISOString(),
    stalledForMs: ms,
    attempts: 7,
    reason: 'ECONNREFUSED',
  }));
  return { groupId, stallMs, stalled: stalledForMs.some((ms) => ms >= stallMs), partitions };
}

describe('consumer stall readiness', () => {
  it('CONSUMER_STALL_MS defaults to 60 s and refuses nonsense, naming the setting', () => {
    expect(loadConfig('svc', platformSettings, env).CONSUMER_STALL_MS).toBe(60000);
    expect(loadConfig('svc', platformSettings, { ...env, CONSUMER_STALL_MS: '5000' }).CONSUMER_STALL_MS).toBe(5000);
    let error: unknown;
    try {
      loadConfig('svc', platformSettings, { ...env, CONSUMER_STALL_MS: '10' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ name: 'CONSUMER_STALL_MS', reason: 'must be at least 1000 (milliseconds)' }]);
  });

  it('is ok with no consumer, and while partitions wait less than the stall time', () => {
    expect(consumersCheck([])).toEqual({ ok: true, ms: 0 });
    expect(consumersCheck([group('decomposition', 60000, [59000, 1000])])).toEqual({ ok: true, ms: 0 });
  });

  it('fails naming each stalled partition and the failure code, once one waited the stall time', () => {
    const check = consumersCheck([group('decomposition', 60000, [61000, 2000]), group('decomposition.projects', 60000, [])]);
    expect(check.ok).toBe(false);
    expect(check.error).toBe('stalled on a transient failure: decomposition items.v1[0]@40 for 61 s (ECONNREFUSED)');
  });
});
