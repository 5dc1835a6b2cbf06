import type { Provider } from '@nestjs/common';
import { WEAK_LABELS_SCHEMA, WeakLabelsRepository } from './weak-labels.repository';

/**
 * The weak-label store, for a service whose schema has `weak_labels`; its feedback.v1 consumer
 * (`ProductionFeedbackHandler`) is listed among the module's controllers.
 */
export function weakLabelProviders(schema: string): Provider[] {
  return [{ provide: WEAK_LABELS_SCHEMA, useValue: schema }, WeakLabelsRepository];
}
