import { regexPattern } from '../pii-pattern';

// US SSN: ddd-dd-dddd (or with spaces), not inside a longer number.
const SSN = /(?<![\w.,/-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w]|[.,/-]\d)/g;

/** The SSA never issues area 000, 666 or 900–999, group 00 or serial 0000. */
function validSsn(match: string): boolean {
  const [area, group, serial] = match.split(/[- ]/);
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

// Generic ids: three or more digit groups joined by "-" or "." (CPF 123.456.789-09, RUT
// 12.345.678-K, 1234-5678-9012); spaces and "/" are left out (counts, dates, phone numbers).
const GROUPED = /(?<![\w.,/:-])\d{1,8}(?:[.-]\d{1,8}){2,}(?:-[kK])?(?![\w]|[.,/:-]\d)/g;

/**
 * A grouped id has 9–20 digits and groups of at least 2 digits (a check digit may stand alone at
 * the end). Not an id: the SSN shape (its own rules decide), thousands grouping with "."
 * (1.234.567, 12.345.678: a number or price), a date-like start (2024-01-15-…, 15.01.2024…) and a
 * dotted version (1.2.3.4, too few digits per group).
 */
function plausibleGroupedId(match: string): boolean {
  const groups = match.split(/[.-]/);
  const digits = groups.join('').replace(/[^\dkK]/g, '');
  if (digits.length < 9 || digits.length > 20) return false;
  if (groups.slice(0, -1).some((g) => g.length < 2)) return false;
  if (/^\d{3}-\d{2}-\d{4}$/.test(match)) return false; // SSN-shaped: the SSN rules decide
  if (/^\d{1,3}(?:\.\d{3})+$/.test(match)) return false;
  if (/^(?:\d{4}[.-]\d{2}[.-]\d{2}|\d{2}[.-]\d{2}[.-]\d{4})(?:\D|$)/.test(match)) return false;
  return true;
}

/** US social security numbers (ahead of phone numbers: 078-05-1120 is an SSN, not a call). */
export const SSN_PATTERN = regexPattern('national_id', 'national_id', '[ID]', SSN, validSsn);

/** Long grouped digit ids (after phone numbers: 555-123-4567 is a phone number first). */
export const GROUPED_ID_PATTERN = regexPattern('national_id', 'national_id', '[ID]', GROUPED, plausibleGroupedId);
