import { S3Client } from '@aws-sdk/client-s3';
import type { StorageSettings } from './storage-settings';
import { StorageError } from './storage.errors';

/**
 * The one way Verity builds an S3 client. Path-style addressing and checksums only "when
 * required": since early 2025 the SDK adds CRC checksums to every upload by default, which
 * S3-compatible servers may reject (aws/aws-sdk-js-v3#6819). Integrity is ours: sha256.
 */
export function createS3Client(settings: StorageSettings): S3Client {
  assertSettings(settings);
  return new S3Client({
    endpoint: settings.endpoint || undefined,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle ?? true,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

export function assertSettings(settings: StorageSettings): void {
  const missing = (['region', 'accessKeyId', 'secretAccessKey', 'bucket'] as const).filter(
    (k) => typeof settings?.[k] !== 'string' || settings[k].length === 0,
  );
  if (missing.length > 0) {
    throw new StorageError('INVALID_SETTINGS', `storage settings missing: ${missing.join(', ')}`);
  }
  if (settings.endpoint !== undefined && settings.endpoint !== '') {
    try {
      new URL(settings.endpoint);
    } catch {
      throw new StorageError(
        'INVALID_SETTINGS',
        `storage endpoint is not a URL: ${settings.endpoint}`,
      );
    }
  }
}
