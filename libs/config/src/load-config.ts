import { z } from 'zod';
import { ConfigError, ConfigIssue } from './config-error';

export type ConfigShape = Record<string, z.ZodType>;
export type ConfigOf<S extends ConfigShape> = { [K in keyof S]: z.output<S[K]> };

/**
 * Validates the environment against a service's settings, all at once, so a bad start-up
 * names every missing or wrong setting rather than the first. Empty strings count as unset.
 */
export function loadConfig<S extends ConfigShape>(
  service: string,
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<S> {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const raw = env[name];
    input[name] = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data as ConfigOf<S>;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(unknown)');
    const missing = input[name] === undefined;
    return { name, reason: missing ? 'is required but not set' : issue.message };
  });
  throw new ConfigError(service, issues);
}

/**
 * Loads config or ends the process with the reason: the way every service's main() starts.
 */
export function loadConfigOrExit<S extends ConfigShape>(service: string, shape: S): ConfigOf<S> {
  try {
    return loadConfig(service, shape);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
