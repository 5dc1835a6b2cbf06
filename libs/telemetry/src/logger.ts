import { trace } from '@opentelemetry/api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Structured JSON logs on stdout, one line each, with the active trace id. Never pass
 * secrets in fields: settings are logged by name only.
 */
export class Logger {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info',
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  child(bindings: Record<string, unknown>): Logger {
    return new Logger(this.service, this.level, { ...this.bindings, ...bindings });
  }

  debug(msg: string, fields?: Record<string, unknown>) {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>) {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>) {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>) {
    this.write('error', msg, fields);
  }

  private write(level: LogLevel, msg: string, fields?: Record<string, unknown>) {
    if (order[level] < order[this.level]) return;
    const span = trace.getActiveSpan()?.spanContext();
    const line = {
      t: new Date().toISOString(),
      level,
      service: this.service,
      msg,
      ...(span ? { traceId: span.traceId } : {}),
      ...this.bindings,
      ...fields,
    };
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(
      `${JSON.stringify(line, errorReplacer)}\n`,
    );
  }
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { class: value.name, message: value.message };
  return value;
}
