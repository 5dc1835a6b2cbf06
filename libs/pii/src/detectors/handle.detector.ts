import { regexPattern } from '../pii-pattern';

// @name (letters, digits, "_", inner "."), optionally @name@server.domain (fediverse). Not the
// "@" of an e-mail address (preceded by a word character) and not "@ 5" or "@10:30".
const HANDLE =
  /(?<![\w.@+-])@[A-Za-z_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?:@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})+)?(?![\w@-])/g;

/** Social-media handles (@jane_doe, @jane.doe, @jane@mastodon.social). */
export const HANDLE_PATTERN = regexPattern('handle', 'handle', '[HANDLE]', HANDLE);
