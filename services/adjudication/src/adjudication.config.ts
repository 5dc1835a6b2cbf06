import type { PlatformConfig } from '@verity/service-runtime';
import type { AdjudicationSettings } from './adjudication.settings';

/** The whole configuration of the service: platform settings plus its own. */
export type AdjudicationConfig = PlatformConfig & AdjudicationSettings;
export const ADJUDICATION_CONFIG = Symbol('ADJUDICATION_CONFIG');
