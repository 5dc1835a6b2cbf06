/** Connection settings of an {@link ObjectStore}; built by the config lib, never read from env here. */
export interface StorageSettings {
  /** S3 endpoint URL (e.g. http://127.0.0.1:9000). Leave undefined for AWS S3 itself. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** Path-style addressing (http://host/bucket/key). Default true: S3Proxy and MinIO need it. */
  forcePathStyle?: boolean;
}
