/**
 * Runs the closers in order on SIGTERM/SIGINT (finish in-flight work, commit, disconnect),
 * then exits. A second signal, or a closer hanging past the deadline, exits at once.
 */
export function onShutdown(closers: (() => Promise<void>)[], opts: { deadlineMs?: number } = {}) {
  let closing = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    const timer = setTimeout(() => process.exit(1), opts.deadlineMs ?? 25000);
    timer.unref();
    let code = 0;
    for (const close of closers) {
      try {
        await close();
      } catch (err) {
        process.stderr.write(`shutdown step failed after ${signal}: ${(err as Error).message}\n`);
        code = 1;
      }
    }
    process.exit(code);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
