import { apiKeyMatches, AuthError, hashPassword, newApiKey, parseApiKey, signJwt, verifyJwt, verifyPassword } from '@verity/auth';

const secret = 'k'.repeat(40);

describe('JWT', () => {
  it('verifies what it signed and returns the claims', () => {
    const t = signJwt({ sub: 'u1', roles: ['annotator'] }, secret, 60);
    expect(verifyJwt(t, secret)).toMatchObject({ sub: 'u1', roles: ['annotator'], iss: 'verity', aud: 'verity' });
  });

  it.each([
    ['expired', () => verifyJwt(signJwt({ sub: 'u', roles: [] }, secret, 60, Date.now() - 120_000), secret)],
    ['bad_signature', () => verifyJwt(signJwt({ sub: 'u', roles: [] }, secret, 60), 'x'.repeat(40))],
    ['malformed', () => verifyJwt('abc.def', secret)],
  ])('refuses a token: %s', (reason, fn) => {
    expect(fn).toThrow(AuthError);
    try {
      fn();
    } catch (e) {
      expect((e as AuthError).reason).toBe(reason);
    }
  });

  it('refuses a token whose claims were changed (privilege escalation)', () => {
    const [h, , s] = signJwt({ sub: 'u1', roles: ['annotator'] }, secret, 60).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', roles: ['admin'], iat: 1, exp: 9e9, iss: 'verity', aud: 'verity' })).toString('base64url');
    expect(() => verifyJwt(`${h}.${forged}.${s}`, secret)).toThrow(/signature/);
  });

  it('during a key rotation accepts tokens of the current and of a listed previous key, and no other', () => {
    const previous = 'p'.repeat(40);
    const keys = [secret, previous];
    expect(verifyJwt(signJwt({ sub: 'new', roles: [] }, secret, 60), keys).sub).toBe('new');
    expect(verifyJwt(signJwt({ sub: 'old', roles: [] }, previous, 60), keys).sub).toBe('old');
    expect(() => verifyJwt(signJwt({ sub: 'x', roles: [] }, 'x'.repeat(40), 60), keys)).toThrow(/signature/);
    expect(() => verifyJwt(signJwt({ sub: 'old', roles: [] }, previous, 60), secret)).toThrow(/signature/);
  });

  it('refuses alg=none', () => {
    const h = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const p = Buffer.from(JSON.stringify({ sub: 'u', roles: [], exp: 9e9, iss: 'verity', aud: 'verity' })).toString('base64url');
    expect(() => verifyJwt(`${h}.${p}.`, secret)).toThrow(/HS256/);
  });
});

describe('secrets', () => {
  it('hashes passwords with a salt and verifies them', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
  });

  it('makes API keys whose secret only matches its hash', () => {
    const key = newApiKey();
    const parsed = parseApiKey(key.token)!;
    expect(parsed.id).toBe(key.id);
    expect(apiKeyMatches(parsed.secret, key.secretHash)).toBe(true);
    expect(apiKeyMatches(`${parsed.secret}x`, key.secretHash)).toBe(false);
    expect(parseApiKey('vk_nothex_abc')).toBeNull();
  });
});
