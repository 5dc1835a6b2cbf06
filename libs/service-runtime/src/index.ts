export { PlatformModule, type PlatformOptions, type PlatformConfig } from './platform.module';
export { platformSettings } from './platform-settings';
export { runService, type RunServiceOptions } from './run-service';
export { ReadinessService, type CheckResult } from './health/readiness.service';
export { Public, IS_PUBLIC } from './public.decorator';
export { protobufCodec } from './protobuf-codec';
export { DATA_SOURCE, EVENT_CODEC, KAFKA, OBJECT_STORE, PLATFORM_CONFIG } from './tokens';
