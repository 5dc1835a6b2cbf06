import { ConfigOf, setting, z } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';

/** Settings of the gateway beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP, JWT_SECRET). */
export const gatewaySettings = {
  /** Lifetime of a person's access token, in seconds. */
  JWT_TTL_SECONDS: setting.positiveInt().max(7 * 24 * 3600).default(3600),
  /** Operator account: when both are set, this admin exists with this password (created or reset at start-up). */
  BOOTSTRAP_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Base URLs of the services whose APIs the gateway fronts; unset: those paths answer 503. */
  ASSIGNMENT_URL: setting.url(['http', 'https']).optional(),
  ADJUDICATION_URL: setting.url(['http', 'https']).optional(),
  EXPORT_URL: setting.url(['http', 'https']).optional(),
  QUALITY_URL: setting.url(['http', 'https']).optional(),
  PRELABEL_URL: setting.url(['http', 'https']).optional(),
  /** Ingestion's stats (items in) for the dashboard; unset: that part of the dashboard is unavailable. */
  INGESTION_URL: setting.url(['http', 'https']).optional(),
  /** How long the gateway waits for one of them. */
  UPSTREAM_TIMEOUT_MS: setting.positiveInt().max(120000).default(10000),
  /** Largest inline text accepted by POST /v1/content, in UTF-8 bytes (ingestion's hard limit by default). */
  CONTENT_TEXT_MAX_BYTES: setting.positiveInt().default(512 * 1024),
  /** Largest body of POST /v1/content:batch, in bytes. */
  CONTENT_BATCH_MAX_BYTES: setting.positiveInt().default(16 * 1024 * 1024),
  /** Largest JSON body of POST /v1/projects/:id/imports/label-studio (up to 1000 Label Studio tasks), in bytes. */
  LABEL_STUDIO_IMPORT_MAX_BYTES: setting.positiveInt().default(32 * 1024 * 1024),
  /** Most lines in one POST /v1/content:batch. */
  CONTENT_BATCH_MAX_LINES: setting.positiveInt().default(10000),
  /** Mark the console's session cookie `Secure` (HTTPS only): true wherever the gateway is reached over TLS. */
  SESSION_COOKIE_SECURE: setting.bool().default(false),
  /** The built web console (index.html, assets/); unset: services/console/dist of this checkout. */
  CONSOLE_DIR: z.string().min(1).optional(),
};

export const gatewayConfigShape = { ...platformSettings, ...gatewaySettings };
export type GatewayConfig = ConfigOf<typeof gatewayConfigShape>;

/** Injection token of the gateway's validated configuration. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
