export { ObjectStore, SHA256_METADATA_KEY, SHA256_RECORDED_IN_METADATA_KEY, MIN_PART_SIZE } from './object-store';
export type { GetOptions, ObjectStoreDeps } from './object-store';
export type {
  LargeBody,
  ListEntry,
  ListOptions,
  ObjectHead,
  ObjectRef,
  ObjectStream,
  PutLargeOptions,
  PutOptions,
  StoredObject,
} from './object-store.types';
export type { StorageSettings } from './storage-settings';
export { createS3Client } from './s3-client.factory';
export { assertValidKey, contentAddressedKey, objectKey, sha256FromKey } from './object-key';
export { sha256Hex } from './sha256';
export { IntegrityError, ObjectNotFoundError, StorageError } from './storage.errors';
export type { StorageErrorCode } from './storage.errors';
export { parseRange, contentRange } from './byte-range';
export type { ByteRange, RangeRequest } from './byte-range';
export { servedMediaType, OCTET_STREAM } from './media-type';
export type { ServedMediaType } from './media-type';
export { openMedia, writeMedia, MEDIA_SECURITY_HEADERS } from './media';
export type { MediaRequest, MediaResponse, MediaSource } from './media';
