export { PlatformModule, type PlatformOptions, type PlatformConfig } from './platform.module';
export { platformSettings, dlqEncryptionKey, requiredDlqKeySettings } from './platform-settings';
export { runService, type RunServiceOptions } from './run-service';
export { DependencyUnavailableFilter, RETRY_AFTER_SECONDS } from './dependency-unavailable.filter';
export { ReadinessService, type CheckResult } from './health/readiness.service';
export { Public, Roles, CurrentPrincipal, type Principal, type Role } from '@verity/auth';
export { protobufCodec } from '@verity/messaging';
export { DATA_SOURCE, EVENT_CODEC, KAFKA, OBJECT_STORE, PLATFORM_CONFIG } from './tokens';
export { EventRuntime, type ServiceIdentity } from './event-runtime';
export { SERVICE_IDENTITY } from './tokens';
export { validate, type FieldError } from './validate';
export { statsRange, statsQuerySchema, STATS_BUCKETS, BUCKET_MS, MAX_BUCKETS, type StatsBucket, type StatsRange } from './stats-range';
export { ProjectAccess, type ProjectGrant, type ProjectRoleName } from './project-access/project-access.service';
export { ProjectAccessRepository, type ProjectMember } from './project-access/project-access.repository';
export { projectAccessMigration } from './project-access/project-access.migration';
export { jsonBodyParser, answeringBodyErrors, refuseNulInUrl, jsonDepth, scanJson, MAX_JSON_DEPTH, DEFAULT_JSON_LIMIT } from './body-limits';
export { itemErasedHandler, type EraseCopies, type ItemErasure, affectedRows, erasePublishedOutboxCopies } from './erasure-copies';
export { PlatformMetrics, METRIC_NAMES, LAG_CACHE_MS, cachedFor, type GaugeSample, type GaugeSource, type ScrapedGauge } from './metrics';
export { WeakLabelsRepository, WEAK_LABELS_SCHEMA, type WeakLabelInput } from './weak-labels/weak-labels.repository';
export { ProductionFeedbackHandler } from './weak-labels/production-feedback.handler';
export { weakLabelProviders } from './weak-labels/weak-label-providers';
export { ProjectSnapshotTable, type CastValue } from './project-snapshots/project-snapshot-table';
export {
  type ProjectSnapshotApplier,
  type ProjectSnapshotOptions,
  type SnapshotOutcome,
  PROJECT_SNAPSHOT_APPLIER,
} from './project-snapshots/project-snapshot-applier';
export { ProjectSnapshotsConsumer } from './project-snapshots/project-snapshots.consumer';
export { projectSnapshotProviders } from './project-snapshots/project-snapshot-providers';
