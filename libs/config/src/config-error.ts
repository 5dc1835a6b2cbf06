/** One setting that is missing or wrong: its environment name and why. */
export interface ConfigIssue {
  name: string;
  reason: string;
}

/** Thrown at start-up when the environment does not satisfy a service's settings. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `${service}: invalid configuration:\n` +
        issues.map((i) => `  - ${i.name}: ${i.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
