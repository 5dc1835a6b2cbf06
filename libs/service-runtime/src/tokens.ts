/** Nest injection tokens for the platform's shared clients. */
export const KAFKA = Symbol('KAFKA');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const OBJECT_STORE = Symbol('OBJECT_STORE');
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const EVENT_CODEC = Symbol('EVENT_CODEC');
export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');
