import type { PiiPattern } from '../pii-pattern';

// A URL with a scheme (or starting "www."), up to white space or a quote/bracket.
const URL = /(?<![\w.+-])(?:[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/|www\.)[^\s<>"'`]+/g;

/** Query or fragment parameters that carry a credential (OAuth, API keys, signed URLs, sessions). */
const SECRET_PARAM =
  /^(?:[a-z0-9]*[_-]?token|api[_-]?key|apikey|key|secret|client[_-]?secret|sig|signature|password|passwd|pwd|pass|auth|authorization|session(?:[_-]?id)?|sid|jwt|x-amz-(?:signature|credential|security-token)|x-goog-(?:signature|credential))$/i;

/** Trailing punctuation belongs to the sentence, not to the URL. */
const trimEnd = (url: string) => url.replace(/[.,;:!?)\]}]+$/, '');

function hasSecret(url: string): boolean {
  const rest = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^www\./, '');
  const authority = rest.split(/[/?#]/, 1)[0];
  // user:password@host (a user name alone is not a credential).
  const at = authority.lastIndexOf('@');
  if (at > 0 && authority.slice(0, at).includes(':')) return true;
  const q = rest.search(/[?#]/);
  if (q < 0) return false;
  for (const pair of rest.slice(q + 1).split(/[&;#?]/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) continue;
    let name = pair.slice(0, eq);
    try {
      name = decodeURIComponent(name);
    } catch {
      // a malformed escape: judge the raw name
    }
    if (SECRET_PARAM.test(name)) return true;
  }
  return false;
}

/**
 * URLs that carry a credential: user:password@host, or a query/fragment parameter such as
 * token=, access_token=, api_key=, sig=, X-Amz-Signature=. The whole URL is masked (it
 * identifies the account as much as the secret does). Plain URLs are left alone.
 */
export const URL_SECRET_PATTERN: PiiPattern = {
  kind: 'url_secret',
  name: 'url_secret',
  placeholder: '[URL]',
  *find(text) {
    for (const m of text.matchAll(URL)) {
      const url = trimEnd(m[0]);
      if (hasSecret(url)) yield { start: m.index, end: m.index + url.length };
    }
  },
};
