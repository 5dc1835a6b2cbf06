/** Injection token of the ingestion settings (the validated config). */
export const INGESTION_SETTINGS = Symbol('INGESTION_SETTINGS');
