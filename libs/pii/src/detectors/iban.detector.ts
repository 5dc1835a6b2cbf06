import { IBAN_LENGTHS, ibanMod97Valid } from '../checksums';
import type { PiiPattern } from '../pii-pattern';

// Country code, check digits, then the BBAN: compact or in space-separated groups (of 4 when printed).
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}/g;

/**
 * IBANs (ISO 13616): a known country, that country's length, and check digits that make the
 * whole mod 97 = 1. A candidate may run into the next word ("… 0130 00 IS …"): it is cut at the
 * country's length, which must end at a group boundary.
 */
export const IBAN_PATTERN: PiiPattern = {
  kind: 'iban',
  name: 'iban',
  placeholder: '[IBAN]',
  *find(text) {
    for (const m of text.matchAll(CANDIDATE)) {
      const length = IBAN_LENGTHS[m[0].slice(0, 2)];
      if (!length) continue;
      let taken = 0;
      let end = 0;
      while (end < m[0].length && taken < length) {
        if (m[0][end] !== ' ') taken++;
        end++;
      }
      if (taken < length) continue;
      if (/[A-Za-z0-9]/.test(text[m.index + end] ?? '')) continue; // runs on: not this IBAN
      if (ibanMod97Valid(m[0].slice(0, end).replace(/ /g, ''))) yield { start: m.index, end: m.index + end };
    }
  },
};
