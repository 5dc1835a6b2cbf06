import { ErasureStatusHandler } from './events/erasure-status.handler';
import { ErasuresController } from './http/erasures.controller';
import { ErasuresRepository } from './db/erasures.repository';
import { ErasuresUseCase } from './use-cases/erasures.use-case';

export { CreateErasures1766200000000 } from './migrations/1766200000000-create-erasures';

/**
 * Erasure requests (`/v1/projects/:id/erasures`): the audit log in the gateway's schema, the
 * `requested` step on erasures.v1, and the status from the steps the services announce.
 * Registered in GatewayModule (it shares the gateway's ProjectAccess); its table comes with the
 * gateway's migrations (CreateErasures1766200000000).
 */
export const ERASURE_CONTROLLERS = [ErasuresController, ErasureStatusHandler];
export const ERASURE_PROVIDERS = [ErasuresRepository, ErasuresUseCase];
