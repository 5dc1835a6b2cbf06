import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@verity/telemetry';
import './kafkajs-request-queue.fix';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** How long to keep trying to reach a broker before giving up on one request. */
  connectionTimeoutMs?: number;
}

const levelName: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** The one place a kafkajs client is made: our logger, sane timeouts, bounded retries. */
export function createKafka(settings: KafkaSettings, logger = new Logger(settings.clientId)): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: settings.connectionTimeoutMs ?? 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[levelName[level] ?? 'info'](String(message), { ...rest, timestamp: undefined });
      },
  });
}
