import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AuthGuard,
  AuthModule,
  AUTH_OPTIONS,
  clearedSessionCookie,
  crossSiteRefusal,
  parseCookies,
  Principal,
  requestOrigin,
  SESSION_COOKIE,
  sessionCookie,
  signJwt,
} from '@verity/auth';

const secret = 's'.repeat(40);

describe('parseCookies', () => {
  it('reads name=value pairs separated by semicolons, trimming spaces', () => {
    expect(parseCookies('a=1; verity_session=abc.def.ghi;b=2')).toEqual({ a: '1', verity_session: 'abc.def.ghi', b: '2' });
  });

  it('gives nothing for a missing or empty header', () => {
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies('')).toEqual({});
  });

  it('keeps the first of duplicate names, skips pairs without = or without a name', () => {
    expect(parseCookies('x=first; junk; =nameless; x=second')).toEqual({ x: 'first' });
  });

  it('keeps = inside values, unquotes and percent-decodes them, keeps undecodable values as sent', () => {
    expect(parseCookies('t=a=b==; q="quoted"; p=%20sp%3B; bad=%E0%A4%A')).toEqual({ t: 'a=b==', q: 'quoted', p: ' sp;', bad: '%E0%A4%A' });
  });

  it('joins repeated Cookie headers', () => {
    expect(parseCookies(['a=1', 'b=2'])).toEqual({ a: '1', b: '2' });
  });

  it('does not let a cookie named like an Object property reach the prototype', () => {
    const c = parseCookies('__proto__=x; constructor=y');
    expect(Object.getPrototypeOf(c)).toBeNull();
    expect(c.constructor).toBe('y');
  });
});

describe('session cookie lines', () => {
  it('is HttpOnly, SameSite=Strict, for the whole origin, with a Max-Age; Secure only when asked', () => {
    expect(sessionCookie('h.p.s', 3600, { secure: false })).toBe('verity_session=h.p.s; HttpOnly; SameSite=Strict; Path=/; Max-Age=3600');
    expect(sessionCookie('h.p.s', 60, { secure: true })).toBe('verity_session=h.p.s; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure');
  });

  it('clears with an empty value and Max-Age=0', () => {
    expect(clearedSessionCookie({ secure: false })).toBe('verity_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
  });

  it('refuses a value that could inject cookie attributes', () => {
    expect(() => sessionCookie('a; Domain=evil', 60, { secure: false })).toThrow();
  });
});

describe('requestOrigin', () => {
  it('is the scheme of the connection and the Host header', () => {
    expect(requestOrigin({ host: 'Verity.example:8080' }, false)).toBe('http://verity.example:8080');
    expect(requestOrigin({ host: 'verity.example' }, true)).toBe('https://verity.example');
  });

  it('follows X-Forwarded-Proto and X-Forwarded-Host set by a proxy in front (first value)', () => {
    expect(requestOrigin({ host: 'gateway:3000', 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'verity.example' }, false)).toBe(
      'https://verity.example',
    );
  });

  it('is unknown without a host', () => {
    expect(requestOrigin({}, false)).toBeUndefined();
  });
});

describe('crossSiteRefusal (CSRF decision)', () => {
  const own = { host: '127.0.0.1:8080' };
  const withCsrf = { requireCsrfHeader: true };

  it('never refuses safe methods', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(crossSiteRefusal({ method, headers: { ...own, origin: 'https://evil.example' } }, withCsrf)).toBeNull();
    }
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('%s needs X-Verity-Csrf: 1 when asked', (method) => {
    expect(crossSiteRefusal({ method, headers: own }, withCsrf)).toMatch(/X-Verity-Csrf: 1/);
    expect(crossSiteRefusal({ method, headers: { ...own, 'x-verity-csrf': '0' } }, withCsrf)).toMatch(/X-Verity-Csrf/);
    expect(crossSiteRefusal({ method, headers: { ...own, 'x-verity-csrf': '1' } }, withCsrf)).toBeNull();
  });

  it('refuses a foreign Origin even with the header, and Origin: null', () => {
    const h = { ...own, 'x-verity-csrf': '1' };
    expect(crossSiteRefusal({ method: 'POST', headers: { ...h, origin: 'https://evil.example' } }, withCsrf)).toMatch(/origin https:\/\/evil.example/);
    expect(crossSiteRefusal({ method: 'POST', headers: { ...h, origin: 'null' } }, withCsrf)).toMatch(/origin null/);
    // Same host, other scheme or port: another origin.
    expect(crossSiteRefusal({ method: 'POST', headers: { ...h, origin: 'https://127.0.0.1:8080' } }, withCsrf)).not.toBeNull();
    expect(crossSiteRefusal({ method: 'POST', headers: { ...h, origin: 'http://127.0.0.1:8081' } }, withCsrf)).not.toBeNull();
  });

  it('accepts its own Origin, whatever the case, and a missing Origin', () => {
    const h = { ...own, 'x-verity-csrf': '1' };
    expect(crossSiteRefusal({ method: 'POST', headers: { ...h, origin: 'http://127.0.0.1:8080' } }, withCsrf)).toBeNull();
    expect(crossSiteRefusal({ method: 'POST', headers: { host: 'Verity.Example', origin: 'HTTPS://verity.example', 'x-verity-csrf': '1' }, encrypted: true }, withCsrf)).toBeNull();
    expect(crossSiteRefusal({ method: 'DELETE', headers: h }, withCsrf)).toBeNull();
  });

  it('without requireCsrfHeader (sign-in) only checks the Origin', () => {
    expect(crossSiteRefusal({ method: 'POST', headers: own }, { requireCsrfHeader: false })).toBeNull();
    expect(crossSiteRefusal({ method: 'POST', headers: { ...own, origin: 'http://evil.example' } }, { requireCsrfHeader: false })).toMatch(/not this site's origin/);
  });
});

class Handlers {
  plain() {}
}

function ctx(method: string, headers: Record<string, string>) {
  const req: { method: string; headers: Record<string, string>; principal?: Principal } = { method, headers };
  const c = {
    getHandler: () => Handlers.prototype.plain,
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { c, req };
}

describe('AuthGuard and the session cookie', () => {
  const jwt = signJwt({ sub: 'u1', roles: ['annotator'] }, secret, 60);
  const cookie = `other=1; ${SESSION_COOKIE}=${jwt}`;
  const host = '127.0.0.1:8080';

  it('is off by default: AuthModule.forRoot does not turn it on, and a service guard refuses the cookie', async () => {
    const mod = AuthModule.forRoot({ jwtSecret: secret });
    const opts = mod.providers?.find((p) => typeof p === 'object' && 'provide' in p && p.provide === AUTH_OPTIONS) as { useValue: { sessionCookie?: unknown } };
    expect(opts.useValue.sessionCookie).toBeUndefined();
    const guard = new AuthGuard(new Reflector(), opts.useValue as never);
    await expect(guard.canActivate(ctx('GET', { host, cookie }).c)).rejects.toThrow(UnauthorizedException);
  });

  describe('turned on (the gateway)', () => {
    const guard = new AuthGuard(new Reflector(), { jwtSecret: secret, sessionCookie: { secure: false } });

    it('authenticates a safe request by the cookie', async () => {
      const { c, req } = ctx('GET', { host, cookie });
      expect(await guard.canActivate(c)).toBe(true);
      expect(req.principal).toEqual({ kind: 'user', id: 'u1', roles: ['annotator'] });
    });

    it('refuses an unsafe request by the cookie without X-Verity-Csrf, or from another origin (403)', async () => {
      await expect(guard.canActivate(ctx('POST', { host, cookie }).c)).rejects.toThrow(ForbiddenException);
      await expect(guard.canActivate(ctx('POST', { host, cookie }).c)).rejects.toThrow(/cross-site request refused: .*X-Verity-Csrf/);
      await expect(guard.canActivate(ctx('PATCH', { host, cookie, 'x-verity-csrf': '1', origin: 'https://evil.example' }).c)).rejects.toThrow(ForbiddenException);
      expect(await guard.canActivate(ctx('PATCH', { host, cookie, 'x-verity-csrf': '1', origin: `http://${host}` }).c)).toBe(true);
    });

    it('leaves bearer callers alone: no CSRF header needed, and the bearer wins over a cookie', async () => {
      const other = signJwt({ sub: 'u2', roles: ['admin'] }, secret, 60);
      const { c, req } = ctx('POST', { host, cookie, authorization: `Bearer ${other}`, origin: 'https://evil.example' });
      expect(await guard.canActivate(c)).toBe(true);
      expect(req.principal?.id).toBe('u2');
    });

    it('with a Secure cookie, takes a request without X-Forwarded-Proto as https (TLS ended in front)', async () => {
      const secureGuard = new AuthGuard(new Reflector(), { jwtSecret: secret, sessionCookie: { secure: true } });
      const h = { host: 'verity.example', cookie, 'x-verity-csrf': '1' };
      expect(await secureGuard.canActivate(ctx('POST', { ...h, origin: 'https://verity.example' }).c)).toBe(true);
      await expect(secureGuard.canActivate(ctx('POST', { ...h, origin: 'http://verity.example' }).c)).rejects.toThrow(ForbiddenException);
      await expect(guard.canActivate(ctx('POST', { ...h, origin: 'https://verity.example' }).c)).rejects.toThrow(ForbiddenException);
    });

    it('refuses a forged or expired cookie (401)', async () => {
      const forged = signJwt({ sub: 'u1', roles: ['admin'] }, 'x'.repeat(40), 60);
      await expect(guard.canActivate(ctx('GET', { host, cookie: `${SESSION_COOKIE}=${forged}` }).c)).rejects.toThrow(UnauthorizedException);
      const old = signJwt({ sub: 'u1', roles: ['admin'] }, secret, 10, Date.now() - 60_000);
      await expect(guard.canActivate(ctx('GET', { host, cookie: `${SESSION_COOKIE}=${old}` }).c)).rejects.toThrow(/expired/);
    });
  });
});
