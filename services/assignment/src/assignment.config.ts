import type { PlatformConfig } from '@verity/service-runtime';
import type { AssignmentSettings } from './assignment.settings';

/** The whole configuration of the service: platform settings plus its own. */
export type AssignmentConfig = PlatformConfig & AssignmentSettings;
export const ASSIGNMENT_CONFIG = Symbol('ASSIGNMENT_CONFIG');
