import { isIPv4, isIPv6 } from 'node:net';
import { PiiPattern, regexPattern } from '../pii-pattern';

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
// Four octets, not part of a longer dotted number (1.2.3.4.5) or of a word.
const IPV4 = new RegExp(String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`, 'g');
// Candidates: hex groups and colons (with an optional IPv4 tail), checked by node:net.
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g;

/** "version 1.2.3.4", "v1.2.3.4", "build 10.0.19041.1": a dotted version, not an address. */
const VERSION_BEFORE = /(?:\b(?:version|ver|release|build|firmware|v)\.?\s*)$/i;

function plausibleIpv4(match: string, text: string, index: number): boolean {
  return isIPv4(match) && !VERSION_BEFORE.test(text.slice(Math.max(0, index - 12), index));
}

/** Valid IPv6 with at least one decimal digit ("dead::beef" is more often a word game than an address). */
function plausibleIpv6(match: string): boolean {
  return isIPv6(match) && /\d/.test(match) && match.replace(/:/g, '').length >= 2;
}

const v4 = regexPattern('ip_address', 'ip_address', '[IP]', IPV4, plausibleIpv4);
const v6 = regexPattern('ip_address', 'ip_address', '[IP]', IPV6, plausibleIpv6);

/** IPv4 (dotted quad, no leading zeros) and IPv6 (full, compressed, IPv4-mapped) addresses. */
export const IP_ADDRESS_PATTERN: PiiPattern = {
  ...v4,
  *find(text) {
    yield* v4.find(text);
    yield* v6.find(text);
  },
};
