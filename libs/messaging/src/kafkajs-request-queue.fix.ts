// kafkajs 2.2.4's RequestQueue re-arms a timer after every response even when no request waits:
// with no throttle its delay is negative, so every broker connection runs a 1 ms setTimeout loop
// for as long as it is open (kafkajs issues #1556 and #1704; the fix proposed upstream, PR #1667,
// is not released). On this project's 2-core machine that loop was most of an idle service's CPU.
// The fix keeps kafkajs's own rule and only drops the pointless case: a check is scheduled when a
// request is pending, at the end of the throttle or, if that has passed, 10 ms later (the
// library's CHECK_PENDING_REQUESTS_INTERVAL). A queue with nothing pending is checked again when
// a request is pushed or an in-flight one completes, which kafkajs does anyway.
// Applied once, on import, by kafka-factory (the one place a kafkajs client is made).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };

const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

if (typeof RequestQueue?.prototype?.scheduleCheckPendingRequests !== 'function') {
  throw new Error('kafkajs RequestQueue.scheduleCheckPendingRequests not found: re-check libs/messaging/src/kafkajs-request-queue.fix.ts against this kafkajs version');
}

RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilThrottleEnds = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilThrottleEnds > 0 ? untilThrottleEnds : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
};
