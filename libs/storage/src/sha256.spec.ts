import { isSha256Hex, md5Base64, sha256Hex } from './sha256';

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes a string as its UTF-8 bytes', () => {
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from([0xc3, 0xa9])));
  });
});

describe('md5Base64', () => {
  it('is the Content-MD5 of the bytes', () => {
    expect(md5Base64(Buffer.alloc(0))).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
  });
});

describe('isSha256Hex', () => {
  it('accepts only 64 lower-case hex characters', () => {
    expect(isSha256Hex(sha256Hex('x'))).toBe(true);
    expect(isSha256Hex(sha256Hex('x').toUpperCase())).toBe(false);
    expect(isSha256Hex('abc')).toBe(false);
    expect(isSha256Hex(undefined)).toBe(false);
  });
});
