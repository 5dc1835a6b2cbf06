import type { Envelope } from '../../gen/verity/common/v1/envelope_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ErasureEvent, ErasureEventSchema } from '../../gen/verity/erasures/v1/erasures_pb';
import { causedBy, createEvent, newEnvelope } from '../../lib/event.codec';
import { erasuresTopic } from './erasures.topic';

/** The next step of an erasure, caused by `cause` (same erasure id, project and correlation). */
export function erasureStep(cause: ErasureEvent, producer: string, step: MessageInitShape<typeof ErasureEventSchema>['step']): ErasureEvent {
  const env: Envelope | undefined = cause.envelope;
  return createEvent(erasuresTopic, {
    envelope: newEnvelope({ producer, projectId: env?.projectId ?? '', spec: erasuresTopic, ...(env ? causedBy(env) : {}) }),
    erasureId: cause.erasureId,
    step,
  });
}

/** A service's acknowledgement that it erased its copies of one item. */
export function erasureApplied(cause: ErasureEvent, service: string, itemId: string, rows: number): ErasureEvent {
  return erasureStep(cause, service, { case: 'applied', value: { itemId, service, rows } });
}
