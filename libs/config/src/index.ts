export { ConfigError, type ConfigIssue } from './config-error';
export { loadConfig, loadConfigOrExit, type ConfigOf, type ConfigShape } from './load-config';
export { setting, kafkaSettings, databaseSettings, s3Settings, serviceSettings, telemetrySettings } from './settings';
export { identifier } from './identifier';
export { z } from 'zod';
