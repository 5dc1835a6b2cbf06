import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, OBJECT_STORE, type Principal } from '@verity/service-runtime';
import { ObjectStore, openMedia, type MediaRequest, type MediaResponse } from '@verity/storage';
import { AnnotatorAccessService } from './annotator-access.service';
import { LeaseRepository } from '../db/lease.repository';

/**
 * GET /v1/tasks/:taskId/media: the task's payload, streamed with byte ranges, to the caller
 * holding a live lease of the task (any slot) and to nobody else. Everything else is the same
 * 404 — unknown task, another project, no lease, a lease submitted, skipped or expired, a task
 * without payload, an object missing from the store — so nothing about the task is revealed.
 */
@Injectable()
export class TaskMediaUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly access: AnnotatorAccessService,
    private readonly leases: LeaseRepository,
  ) {}

  async execute(principal: Principal, taskId: string, req: MediaRequest): Promise<MediaResponse> {
    const notFound = () => new NotFoundException('task media not found');
    const { project } = await this.access.requireOnTask(this.ds, principal, taskId, { forNewWork: false, notFound: 'task media not found' });
    const ref = await this.leases.livePayload(this.ds, project.projectId, taskId, principal.id);
    if (!ref) throw notFound();
    const media = await openMedia(
      this.store,
      { bucket: str(ref.bucket), key: str(ref.key), sha256: str(ref.sha256), mediaType: str(ref.mediaType) },
      req,
    );
    if (!media) throw notFound();
    return media;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
