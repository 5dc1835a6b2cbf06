export { ObjectStore, SHA256_METADATA_KEY, MIN_PART_SIZE } from './object-store';
export type { GetOptions, ObjectStoreDeps } from './object-store';
export type {
  LargeBody,
  ListEntry,
  ListOptions,
  ObjectHead,
  ObjectRef,
  PutLargeOptions,
  PutOptions,
  StoredObject,
} from './object-store.types';
export type { StorageSettings } from './storage-settings';
export { createS3Client } from './s3-client.factory';
export { contentAddressedKey, sha256FromKey } from './object-key';
export { sha256Hex } from './sha256';
export { IntegrityError, ObjectNotFoundError, StorageError } from './storage.errors';
export type { StorageErrorCode } from './storage.errors';
