import { regexPattern } from '../pii-pattern';

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.[A-Za-z]{2,24}(?![\w-])/g;

// International (+CC …), North American ((555) 123-4567, 555-123-4567, 555.123.4567) and the
// trunk-prefix national formats of most of Europe and Latin America (06 12 34 56 78,
// 030 1234567, 020 7946 0958, 0171/1234567). Separators: space, dot, dash, slash.
const PHONE = new RegExp(
  [
    String.raw`\+\d{1,3}(?:[ .\-]?\(\d{1,4}\))?(?:[ .\-/]?\d{1,5}){2,6}`,
    String.raw`\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}`,
    String.raw`\d{3}[.\-]\d{3}[.\-]\d{4}`,
    String.raw`0\d{1,4}(?:[ .\-/]?\d{2,8}){1,4}`,
  ]
    .map((p) => `(?<![\\w+/.\\-])(?:${p})(?![\\w/]|[.\\-]\\d)`)
    .join('|'),
  'g',
);

/** dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy (and yyyy-mm-dd): a date, not a number to call. */
const DATE = /^(?:(?:0[1-9]|[12]\d|3[01])[./-](?:0[1-9]|1[0-2])[./-]\d{4}|\d{4}[./-](?:0[1-9]|1[0-2])[./-](?:0[1-9]|[12]\d|3[01]))$/;

/** E.164 allows up to 15 digits; fewer than 7 is a number of another kind (a year, a price). */
function plausiblePhone(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  if (DATE.test(match)) return false;
  // A bare run of digits without separators or "+" is more often an id than a phone number.
  return /[+ .\-/()]/.test(match);
}

export const EMAIL_PATTERN = regexPattern('email', 'email', '[EMAIL]', EMAIL);
export const PHONE_PATTERN = regexPattern('phone', 'phone', '[PHONE]', PHONE, plausiblePhone);
