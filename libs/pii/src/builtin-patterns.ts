import { CARD_NUMBER_PATTERN } from './detectors/card-number.detector';
import { EMAIL_PATTERN, PHONE_PATTERN } from './detectors/contact.detector';
import { HANDLE_PATTERN } from './detectors/handle.detector';
import { IBAN_PATTERN } from './detectors/iban.detector';
import { IP_ADDRESS_PATTERN } from './detectors/ip-address.detector';
import { GROUPED_ID_PATTERN, SSN_PATTERN } from './detectors/national-id.detector';
import { URL_SECRET_PATTERN } from './detectors/url-secret.detector';
import type { PiiPattern } from './pii-pattern';

/**
 * The built-in detectors, in order of preference when two matches start at the same place and
 * are as long (a URL holds an e-mail-like user:pass@host; 078-05-1120 is an SSN before a phone number,
 * 555-123-4567 a phone number before a grouped id).
 */
export const BUILTIN_PATTERNS: readonly PiiPattern[] = [
  URL_SECRET_PATTERN,
  EMAIL_PATTERN,
  CARD_NUMBER_PATTERN,
  IBAN_PATTERN,
  IP_ADDRESS_PATTERN,
  SSN_PATTERN,
  PHONE_PATTERN,
  GROUPED_ID_PATTERN,
  HANDLE_PATTERN,
];

export {
  CARD_NUMBER_PATTERN,
  EMAIL_PATTERN,
  GROUPED_ID_PATTERN,
  HANDLE_PATTERN,
  IBAN_PATTERN,
  IP_ADDRESS_PATTERN,
  PHONE_PATTERN,
  SSN_PATTERN,
  URL_SECRET_PATTERN,
};
