import type { RequestQueueInternals } from '../src/kafkajs-request-queue.fix';
import { createKafka } from '../src/kafka-factory';

// kafkajs's own class: patched because the Kafka factory was loaded.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (o: object) => RequestQueueInternals;

// kafkajs's RequestQueue, patched (see the fix's header): no timer while nothing is pending.
// Fake timers count what the queue schedules; the queue is made without a socket.
describe('kafkajs request queue, as createKafka runs it', () => {
  const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const queue = () =>
    new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 1000,
      enforceRequestTimeout: false,
      clientId: 'test',
      broker: 'localhost:9092',
      logger: quietLogger,
    });

  beforeAll(() => expect(typeof createKafka).toBe('function'));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules nothing after a check that found nothing pending (kafkajs 2.2.4 re-armed a 1 ms timer for ever)', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('still checks a pending request when the throttle ends, or 10 ms later when it has ended', () => {
    const q = queue();
    const check = jest.spyOn(q, 'checkPendingRequests').mockImplementation(() => undefined);
    q.pending.push({});
    q.throttledUntil = Date.now() + 200;
    q.scheduleCheckPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(199);
    expect(check).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(1);

    q.throttledUntil = -1;
    q.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(check).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(2);
  });
});
