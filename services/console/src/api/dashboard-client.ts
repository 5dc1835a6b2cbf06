import { gateway as g, unwrap } from './http';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Bucket = 'minute' | 'hour' | 'day';
export const BUCKETS: readonly Bucket[] = ['minute', 'hour', 'day'];
export const BUCKET_MS: Record<Bucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export type Progress = Schemas['DashboardProgress'];
export type ThroughputPoint = Progress['throughput'][number];
export type Unavailable = Schemas['DashboardUnavailable'];
export type Cost = Schemas['DashboardCost'];
export type SourceCost = Cost['perSource'][number];
export type MixPoint = NonNullable<Cost['mix']>[number];

export type Quality = Schemas['ProjectQuality'];
export type QualityWindow = Quality['windows'][number];
export type QualityAnnotator = Quality['annotators'][number];
export type MachinePrecision = Quality['machinePrecisionByVersion'][number];
export type Drift = Schemas['DriftAlarm'];
export type AnswersPerItemPoint = Quality['answersPerItem'][number];

export type PrelabelModels = Schemas['PrelabelModels'];
export type PrelabelModel = Schemas['PrelabelModel'];
export type PrelabelModelVersion = Schemas['PrelabelModelVersion'];
export type AutoAcceptPoint = Schemas['AutoAcceptPoint'];
export type Suspension = Schemas['AnnotatorSuspension'];
export type Project = Schemas['Project'];

const p = (projectId: string) => ({ params: { path: { projectId } } });

/**
 * The dashboard routes read the W3C `traceparent` header when a caller sends one; the generated
 * types mark it required (a gateway OpenAPI quirk), but the browser has no trace to continue.
 */
const noTrace = undefined as unknown as { traceparent: string };

/** The dashboard's calls: one request per part of the page. */
export const dashboardApi = {
  project: (projectId: string) => unwrap<Project>(g.GET('/v1/projects/{projectId}', p(projectId))),
  progress: (projectId: string, bucket: Bucket) =>
    unwrap<Progress>(g.GET('/v1/projects/{projectId}/dashboard/progress', { params: { path: { projectId }, query: { bucket }, header: noTrace } })),
  cost: (projectId: string, bucket: Bucket) =>
    unwrap<Cost>(g.GET('/v1/projects/{projectId}/dashboard/cost', { params: { path: { projectId }, query: { bucket }, header: noTrace } })),
  /** `windows` windows of `windowMs` each, the latest first (agreement, drift, answers per item). */
  quality: (projectId: string, windows: number, windowMs: number) =>
    unwrap<Quality>(g.GET('/v1/projects/{projectId}/quality', { params: { path: { projectId }, query: { windows, windowMs } } })),
  /** Every model with its versions, and the auto-accept share over `buckets` buckets of `bucketMs`. */
  models: (projectId: string, buckets: number, bucketMs: number) =>
    unwrap<PrelabelModels>(g.GET('/v1/projects/{projectId}/prelabel/models', { params: { path: { projectId }, query: { buckets, bucketMs } } })),
  suspend: (projectId: string, annotatorId: string, reason: string) =>
    unwrap<Suspension>(g.POST('/v1/projects/{projectId}/annotators/{annotatorId}/suspend', { params: { path: { projectId, annotatorId } }, body: { reason } })),
  reinstate: (projectId: string, annotatorId: string, reason?: string) =>
    unwrap<Suspension>(
      g.POST('/v1/projects/{projectId}/annotators/{annotatorId}/reinstate', { params: { path: { projectId, annotatorId } }, body: reason ? { reason } : {} }),
    ),
};
