import { assertValidKey, contentAddressedKey, objectKey, sha256FromKey } from './object-key';
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

  it.each([[''], ['/leading'], ['dir/'], ['a\nb'], ['k'.repeat(1025)], ['a/../b'], ['../b'], ['a/..'], ['a/./b'], ['a//b'], ['a\u0000b'], ['a\\..\\b']])('rejects %j', (key) => {
    try {
      assertValidKey(key);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('INVALID_KEY');
    }
  });
});

describe('objectKey', () => {
  const invalid = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(StorageError);
      return (err as StorageError).code;
    }
    return 'accepted';
  };

  it('joins a configured prefix and names, one segment each', () => {
    expect(objectKey('releases', 'p-1', 'r-1', 'labels.jsonl')).toBe('releases/p-1/r-1/labels.jsonl');
    expect(objectKey('a/b', 'p')).toBe('a/b/p');
    expect(objectKey('uploads', 'naïve name.png')).toBe('uploads/naïve name.png');
  });

  it.each([['..'], ['.'], [''], ['../x'], ['a/b'], ['/etc/passwd'], ['x\u0000y'], ['..\\x'], ['x\ny']])(
    'refuses the user-supplied name %j (no way out of the prefix, no way into another folder)',
    (name) => {
      expect(invalid(() => objectKey('releases', 'project', name))).toBe('INVALID_KEY');
      expect(invalid(() => objectKey('releases', name, 'r-1'))).toBe('INVALID_KEY');
    },
  );

  it.each([[''], ['/abs'], ['a/../b'], ['a//b'], ['trailing/']])('refuses the prefix %j', (prefix) => {
    expect(invalid(() => objectKey(prefix, 'x'))).toBe('INVALID_KEY');
  });

  it('every key it builds stays under its prefix', () => {
    const hostile = ['..', '../..', 'a/../../b', '%2e%2e', '....//', '\u0000', 'ok'];
    for (const a of hostile) {
      for (const b of hostile) {
        let key: string;
        try {
          key = objectKey('releases', a, b);
        } catch {
          continue;
        }
        expect(key.startsWith('releases/')).toBe(true);
        expect(key.split('/')).toHaveLength(3);
        expect(key.split('/')).not.toContain('..');
      }
    }
  });
});
