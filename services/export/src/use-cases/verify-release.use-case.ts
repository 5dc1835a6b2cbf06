import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { sha256Hex, StorageError } from '@verity/storage';
import { DataSource } from 'typeorm';
import type { Manifest } from '../domain/release-manifest.writer';
import { ReleaseStore } from '../adapters/release.store';
import { ReleasesRepository } from '../db/releases.repository';

export interface FileCheck {
  key: string;
  expectedSha256: string;
  actualSha256: string | null;
  expectedSize: number;
  actualSize: number | null;
  ok: boolean;
  error?: string;
}

/**
 * Re-reads every file of a release from S3 and checks it: the manifest against the sha256
 * recorded in Postgres, every data file against the sha256 and size in that manifest.
 */
@Injectable()
export class VerifyReleaseUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly store: ReleaseStore,
  ) {}

  async execute(projectId: string, releaseId: string) {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    const checks: FileCheck[] = [];
    const manifestCheck = await this.check(r.manifestKey, r.manifestSha256, r.manifestSize);
    checks.push(manifestCheck.check);
    let manifest: Manifest = r.manifest;
    if (manifestCheck.body) manifest = JSON.parse(manifestCheck.body.toString('utf8')) as Manifest;
    for (const f of manifest.files) checks.push((await this.check(f.key, f.sha256, f.size)).check);
    return { releaseId, projectId, ok: checks.every((c) => c.ok), files: checks };
  }

  private async check(key: string, sha256: string, size: number): Promise<{ check: FileCheck; body?: Buffer }> {
    try {
      // Streamed data files record their sha256 in the manifest only (checked below); get() also
      // checks the bytes against the one in the object's metadata when it has one.
      const obj = await this.store.objects.get(key, { allowUnrecorded: true });
      const actual = sha256Hex(obj.body);
      const ok = actual === sha256 && obj.body.length === size;
      return {
        check: { key, expectedSha256: sha256, actualSha256: actual, expectedSize: size, actualSize: obj.body.length, ok },
        body: ok ? obj.body : undefined,
      };
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      return {
        check: { key, expectedSha256: sha256, actualSha256: null, expectedSize: size, actualSize: null, ok: false, error: `${err.code}: ${err.message}` },
      };
    }
  }
}
