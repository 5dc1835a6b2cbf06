/** How a stored object may be served to a browser. */
export interface ServedMediaType {
  /** The Content-Type to send: the stored type when it is inert, else application/octet-stream. */
  contentType: string;
  /** True when the stored type is not safe to render inline (serve with Content-Disposition: attachment). */
  attachment: boolean;
}

export const OCTET_STREAM = 'application/octet-stream';

// type/subtype with optional simple parameters (e.g. `audio/webm; codecs=opus`); nothing else.
const MEDIA_TYPE =
  /^([a-z0-9][a-z0-9!#$&^_.+-]{0,126})\/([a-z0-9][a-z0-9!#$&^_.+-]{0,126})((?:\s*;\s*[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[a-z0-9 ,._+-]*"))*)$/;

/** Inert raster and AV formats a browser decodes without running anything. */
const INERT_IMAGES = new Set([
  'png',
  'jpeg',
  'jpg',
  'pjpeg',
  'gif',
  'webp',
  'avif',
  'bmp',
  'x-ms-bmp',
  'tiff',
  'x-icon',
  'vnd.microsoft.icon',
  'apng',
  'heic',
  'heif',
]);

/**
 * The Content-Type to serve a stored payload with, by allow-list: audio/*, video/* and raster
 * images, `text/plain` and `application/octet-stream` keep their type; anything else (text/html,
 * image/svg+xml, XML, JavaScript, PDF, unknown or malformed types) becomes
 * application/octet-stream with `attachment`, so nothing a script could run in is ever rendered
 * inline at the platform's origin. Empty → application/octet-stream (inline; nosniff keeps it inert).
 */
export function servedMediaType(stored: string | null | undefined): ServedMediaType {
  const raw = (stored ?? '').trim().toLowerCase();
  if (raw === '') return { contentType: OCTET_STREAM, attachment: false };
  const m = MEDIA_TYPE.exec(raw);
  if (!m) return { contentType: OCTET_STREAM, attachment: true };
  const [, type, subtype] = m as unknown as [string, string, string];
  const scriptable =
    subtype.includes('xml') || subtype.includes('html') || subtype.includes('script');
  const inert =
    !scriptable &&
    (type === 'audio' ||
      type === 'video' ||
      (type === 'image' && INERT_IMAGES.has(subtype)) ||
      (type === 'text' && subtype === 'plain') ||
      (type === 'application' && subtype === 'octet-stream'));
  if (!inert) return { contentType: OCTET_STREAM, attachment: true };
  return { contentType: raw.replace(/\s*;\s*/g, '; '), attachment: false };
}
