import path from 'node:path';
import { acceptsHtml, CONSOLE_CSP, consoleTarget, contentTypeOf, defaultConsoleDir, insideRoot, isApiPath } from './console.paths';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('consoleTarget', () => {
  it('serves index.html at / whatever the Accept header', () => {
    expect(consoleTarget('GET', '/', undefined)).toEqual({ kind: 'page' });
    expect(consoleTarget('HEAD', '/?lang=fr', '*/*')).toEqual({ kind: 'page' });
    expect(consoleTarget('GET', '/index.html', 'application/json')).toEqual({ kind: 'page' });
  });

  it('falls back to index.html for a page the browser navigates to, not for data requests', () => {
    expect(consoleTarget('GET', '/work/abc', HTML)).toEqual({ kind: 'page' });
    expect(consoleTarget('GET', '/projects/p-1.2/ontology?x=1', HTML)).toEqual({ kind: 'page' });
    expect(consoleTarget('GET', '/work/abc', 'application/json')).toEqual({ kind: 'pass' });
    expect(consoleTarget('GET', '/work/abc', '*/*')).toEqual({ kind: 'pass' });
  });

  it.each(['/v1', '/v1/unknown', '/V1/me', '/docs', '/docs/swagger-ui.css', '/openapi.json', '/healthz', '/readyz', '/metrics', '/%761/me'])(
    'leaves %s to the API even when HTML is accepted',
    (p) => {
      expect(consoleTarget('GET', p, HTML)).toEqual({ kind: 'pass' });
    },
  );

  it('treats only whole prefixes as the API', () => {
    expect(consoleTarget('GET', '/v1abc', HTML)).toEqual({ kind: 'page' });
    expect(consoleTarget('GET', '/docsets', HTML)).toEqual({ kind: 'page' });
  });

  it('leaves every method but GET and HEAD to the API', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(consoleTarget(m, '/work/abc', HTML)).toEqual({ kind: 'pass' });
  });

  it('maps /assets/... to a file that is never replaced by the page', () => {
    expect(consoleTarget('GET', '/assets/app-3f9a.js', '*/*')).toEqual({ kind: 'asset', file: 'assets/app-3f9a.js' });
    expect(consoleTarget('GET', '/assets/missing.js', HTML)).toEqual({ kind: 'asset', file: 'assets/missing.js' });
    expect(consoleTarget('GET', '/assets/fonts/a%20b.woff2', '*/*')).toEqual({ kind: 'asset', file: 'assets/fonts/a b.woff2' });
  });

  it('maps a top-level file (favicon) to the file, with the page as fallback for navigations only', () => {
    expect(consoleTarget('GET', '/favicon.ico', 'image/*')).toEqual({ kind: 'root-file', file: 'favicon.ico', page: false });
    expect(consoleTarget('GET', '/robots.txt', HTML)).toEqual({ kind: 'root-file', file: 'robots.txt', page: true });
  });

  it.each([
    '/assets/../../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/./app.js',
    '/assets/app.js%00.png',
    '/work/%00',
    '/assets/..%5c..%5cpackage.json',
    '/assets/%E0%A4%A',
  ])('refuses %s (traversal, NUL, backslash, bad encoding)', (p) => {
    expect(consoleTarget('GET', p, HTML)).toEqual({ kind: 'refused' });
  });
});

describe('insideRoot', () => {
  const root = path.resolve('/srv/console');

  it('resolves a path inside the folder', () => {
    expect(insideRoot(root, 'assets/app.js')).toBe(path.join(root, 'assets/app.js'));
  });

  it('gives nothing for a path that leaves it, or for the folder itself', () => {
    expect(insideRoot(root, '../secret')).toBeUndefined();
    expect(insideRoot(root, 'assets/../../secret')).toBeUndefined();
    expect(insideRoot(root, '/etc/passwd')).toBeUndefined();
    expect(insideRoot(root, '')).toBeUndefined();
    expect(insideRoot(root, '../console-other/x')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('isApiPath matches whole prefixes, case-insensitively', () => {
    expect(isApiPath('/v1/me')).toBe(true);
    expect(isApiPath('/Healthz')).toBe(true);
    expect(isApiPath('/work')).toBe(false);
  });

  it('acceptsHtml reads text/html in the Accept list, not */*', () => {
    expect(acceptsHtml(HTML)).toBe(true);
    expect(acceptsHtml('text/html')).toBe(true);
    expect(acceptsHtml('application/json, text/html;q=0.5')).toBe(true);
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml('text/htmlx')).toBe(false);
    expect(acceptsHtml(undefined)).toBe(false);
  });

  it('contentTypeOf knows what Vite builds; unknown is octet-stream', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('assets/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('assets/app.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('assets/font.woff2')).toBe('font/woff2');
    expect(contentTypeOf('assets/x.bin')).toBe('application/octet-stream');
  });

  it('the CSP allows nothing from elsewhere and no framing', () => {
    expect(CONSOLE_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('the default console folder is services/console/dist of this checkout', () => {
    expect(defaultConsoleDir()).toBe(path.resolve(__dirname, '../../../console/dist'));
    expect(defaultConsoleDir().endsWith(path.join('services', 'console', 'dist'))).toBe(true);
  });
});
