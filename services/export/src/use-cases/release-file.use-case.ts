import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { MediaRequest, MediaResponse, openMedia } from '@verity/storage';
import { DataSource } from 'typeorm';
import { ReleaseStore } from '../adapters/release.store';
import { ReleasesRepository } from '../db/releases.repository';

/** A file name as the caller gives it: the last segment of one of the release's keys, nothing else. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * `Content-Disposition` of a downloaded release file: `attachment`, the file name
 * `<release name or id>-<file>` as a quoted ASCII token (anything else becomes `_`), and the
 * exact UTF-8 name as `filename*` when it differs (RFC 6266).
 */
export function downloadDisposition(releaseName: string, releaseId: string, file: string): string {
  const full = `${releaseName.trim() || releaseId}-${file}`;
  const ascii = full.replace(/[^A-Za-z0-9._-]/g, '_');
  if (ascii === full) return `attachment; filename="${ascii}"`;
  // RFC 8187 attr-chars only: encodeURIComponent leaves ' ( ) * ! as they are.
  const encoded = encodeURIComponent(full).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Opens one file of a release for download, streamed from S3 with byte ranges. `name` is
 * matched against the last segment of the keys recorded for the release (labels.jsonl,
 * labels.parquet, labels.csv, README.md, train-00000-of-00001.parquet for
 * data/train-00000-of-00001.parquet, manifest.json): the key served is always the recorded one, in the release's own folder, never
 * built from the request. The stored object must carry the sha256 recorded for it (else
 * IntegrityError, 500). The file's recorded media type is kept (the files are data, served as
 * attachments with nosniff and a sandbox CSP).
 */
@Injectable()
export class ReleaseFileUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly store: ReleaseStore,
  ) {}

  async execute(projectId: string, releaseId: string, name: string, req: MediaRequest): Promise<MediaResponse> {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    const notAFile = () => new NotFoundException(`release ${releaseId} has no file ${JSON.stringify(name.slice(0, 200))}`);
    if (!FILE_NAME.test(name)) throw notAFile();
    const folder = r.manifestKey.slice(0, r.manifestKey.lastIndexOf('/') + 1);
    // By last segment: labels.parquet, or train-00000-of-00001.parquet for data/train-00000-of-00001.parquet (names are unique in a release).
    const file = (await this.releases.files(this.ds, projectId, releaseId)).find((f) => f.key.startsWith(folder) && f.key.slice(f.key.lastIndexOf('/') + 1) === name);
    if (!file) throw notAFile();
    const media = await openMedia(this.store.objects, { key: file.key, sha256: file.sha256, mediaType: file.media_type }, req);
    if (!media) throw new NotFoundException(`release file ${name} of release ${releaseId} is missing from storage`);
    media.headers['Content-Type'] = file.media_type;
    media.headers['Content-Disposition'] = downloadDisposition(r.name, r.releaseId, name);
    return media;
  }
}
