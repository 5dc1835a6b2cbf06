import { luhnValid } from '../checksums';
import { regexPattern } from '../pii-pattern';

// 13–19 digits, bare or in groups separated by single spaces or dashes; not inside a longer number.
const CARD = /(?<![\w.,-])\d(?:[ -]?\d){12,18}(?![\w]|[.,-]\d)/g;

/**
 * Payment card numbers (ISO/IEC 7812): 13–19 digits, issuer prefix 2–6 (the payment networks),
 * Luhn-valid; when grouped, one kind of separator and groups of 3–6 digits (4-4-4-4, 4-6-5…).
 */
function plausibleCard(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) return false;
  const seps = new Set(match.replace(/\d/g, ''));
  if (seps.size > 1) return false;
  if (seps.size === 1 && !match.split(/[ -]/).every((g) => g.length >= 3 && g.length <= 6)) return false;
  return luhnValid(digits);
}

export const CARD_NUMBER_PATTERN = regexPattern('card_number', 'card_number', '[CARD]', CARD, plausibleCard);
