import { setting, z } from '@verity/config';
import { requiredDlqKeySettings } from '@verity/service-runtime';
import { compileCustomPatterns, CustomPatternSpec, PiiPattern } from '@verity/pii';

/** INGESTION_PII_PATTERNS: a JSON list of {name, pattern, flags?}, compiled and checked at start-up. */
const piiPatterns = z
  .string()
  .default('[]')
  .transform((raw, ctx): PiiPattern[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not JSON: ${(err as Error).message}` });
      return z.NEVER;
    }
    if (!Array.isArray(parsed)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of {"name","pattern","flags"?}' });
      return z.NEVER;
    }
    try {
      return compileCustomPatterns(parsed as CustomPatternSpec[]);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

/** Settings of ingestion beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP). */
export const ingestionSettings = {
  /** content.v1 is sensitive: its dead letters are sealed with this key, so it is required here. */
  ...requiredDlqKeySettings,
  /** Text above this many UTF-8 bytes is stored (masked) in S3 and referenced from items.v1. */
  INGESTION_INLINE_MAX_BYTES: setting.positiveInt().default(64 * 1024),
  /** Hard maximum of inline text in a content event; larger events are dead-lettered. */
  INGESTION_TEXT_MAX_BYTES: setting.positiveInt().default(512 * 1024),
  /** Extra PII patterns: JSON list of {"name": "iban", "pattern": "…", "flags": "i"}. */
  INGESTION_PII_PATTERNS: piiPatterns,
  /** Language detection below this confidence reports "und" (or the producer's hint). */
  INGESTION_LANGUAGE_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.5),
  /** content.v1 partitions handled concurrently by one instance. */
  INGESTION_CONCURRENCY: setting.positiveInt().default(6),
  /** S3 key prefix for payloads ingestion writes. */
  INGESTION_S3_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9/_-]*$/).default('ingestion'),
};

export type IngestionSettings = { [K in keyof typeof ingestionSettings]: z.output<(typeof ingestionSettings)[K]> };

/** Injection token of the ingestion settings (the validated config). */
export const INGESTION_SETTINGS = Symbol('INGESTION_SETTINGS');
