import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, OBJECT_STORE, type Principal } from '@verity/service-runtime';
import { ObjectStore, openMedia, type MediaRequest, type MediaResponse } from '@verity/storage';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { requestFromJson } from '../domain/proto-json.mapper';
import { ExpertAccessService } from './expert-access.service';
import { requestPayload } from '../domain/request-view.mapper';

/**
 * GET /v1/adjudications/:requestId/media: the request's payload (the one its full view points
 * at), streamed with byte ranges, to whoever may read the request (ExpertAccessService.forViewing:
 * outsiders 404, members without the role 403, escalated requests for managers only). A request
 * without payload, or whose object is not in the store, is 404.
 */
@Injectable()
export class RequestMediaUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly access: ExpertAccessService,
    private readonly items: ItemContentsRepository,
  ) {}

  async execute(principal: Principal, requestId: string, req: MediaRequest): Promise<MediaResponse> {
    const { request } = await this.access.forViewing(this.ds, principal, requestId);
    const ev = requestFromJson(request.event);
    const payload = requestPayload(ev, ev.payloadRef ? null : await this.items.find(this.ds, request.itemId));
    if (!payload) throw new NotFoundException('request media not found');
    const media = await openMedia(
      this.store,
      { bucket: str(payload.bucket), key: str(payload.key), sha256: str(payload.sha256), mediaType: str(payload.mediaType) },
      req,
    );
    if (!media) throw new NotFoundException('request media not found');
    return media;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
