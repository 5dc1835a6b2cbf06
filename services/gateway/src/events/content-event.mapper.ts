import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ContentEvent, createEvent, newEnvelope, TOPICS } from '@verity/contracts';
import type { Principal } from '@verity/auth';
import { toContentType } from '../domain/content-types.rule';
import { ContentInput } from '../http/content.schemas';

/** The content.v1 event of a posted piece of content; producer names the gateway and the caller. */
export function toContentEvent(c: ContentInput, caller: Principal): ContentEvent {
  return createEvent(TOPICS.content, {
    envelope: newEnvelope({ producer: `gateway/${caller.kind}:${caller.id}`, projectId: '', spec: TOPICS.content }),
    source: c.source,
    sourceId: c.sourceId,
    contentType: toContentType(c.contentType),
    body:
      c.text !== undefined
        ? { case: 'text', value: c.text }
        : {
            case: 'payloadRef',
            value: {
              bucket: c.payloadRef!.bucket,
              key: c.payloadRef!.key,
              sha256: c.payloadRef!.sha256,
              sizeBytes: BigInt(c.payloadRef!.size),
              mediaType: c.payloadRef!.mediaType,
            },
          },
    language: c.language,
    tags: c.tags,
    metadata: c.metadata,
    createdAt: c.createdAt ? timestampFromDate(new Date(c.createdAt)) : undefined,
  });
}
