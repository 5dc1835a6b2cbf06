import type { Provider } from '@nestjs/common';
import { ProductionFeedbackHandler } from './production-feedback.handler';
import { WEAK_LABELS_SCHEMA, WeakLabelsRepository } from './weak-labels.repository';

/** The weak-label store and its feedback.v1 consumer, for a service whose schema has `weak_labels`. */
export function weakLabelProviders(schema: string): Provider[] {
  return [{ provide: WEAK_LABELS_SCHEMA, useValue: schema }, WeakLabelsRepository, ProductionFeedbackHandler];
}
