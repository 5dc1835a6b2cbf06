import { assertValidKey, contentAddressedKey, sha256FromKey } from './object-key';
import { sha256Hex } from './sha256';
import { StorageError } from './storage.errors';

const hex = sha256Hex('payload');

describe('contentAddressedKey', () => {
  it('builds <prefix>/sha256/<hex>', () => {
    expect(contentAddressedKey('payloads', hex)).toBe(`payloads/sha256/${hex}`);
  });

  it('normalises slashes around the prefix and accepts an empty one', () => {
    expect(contentAddressedKey('/a/b/', hex)).toBe(`a/b/sha256/${hex}`);
    expect(contentAddressedKey('', hex)).toBe(`sha256/${hex}`);
  });

  it('rejects anything that is not a sha256 hex digest', () => {
    expect(() => contentAddressedKey('p', 'abc')).toThrow(StorageError);
    expect(() => contentAddressedKey('p', hex.toUpperCase())).toThrow(/not a sha256/);
  });
});

describe('sha256FromKey', () => {
  it('returns the digest a content-addressed key names', () => {
    expect(sha256FromKey(`p/sha256/${hex}`)).toBe(hex);
    expect(sha256FromKey(`sha256/${hex}`)).toBe(hex);
  });

  it('returns null for other keys', () => {
    expect(sha256FromKey('p/file.json')).toBeNull();
    expect(sha256FromKey(`p/xsha256/${hex}`)).toBeNull();
    expect(sha256FromKey(`p/sha256/${hex}/more`)).toBeNull();
  });
});

describe('assertValidKey', () => {
  it('accepts ordinary keys', () => {
    expect(() => assertValidKey('releases/v1/labels.jsonl')).not.toThrow();
  });

  it.each([[''], ['/leading'], ['dir/'], ['a\nb'], ['k'.repeat(1025)]])('rejects %j', (key) => {
    try {
      assertValidKey(key);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('INVALID_KEY');
    }
  });
});
