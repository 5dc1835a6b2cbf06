import * as vm from 'node:vm';

// Regex execution with a wall-clock bound. V8's regex engine backtracks and cannot be
// interrupted from JavaScript, but a `vm` script run with `timeout` is terminated by a watchdog
// thread, regex included; the process never hangs. One call tests a whole batch of texts, so
// the watchdog's cost (~0.3 ms) is paid per batch, not per text.

let context: vm.Context | undefined;
const TEST_ALL = new vm.Script(
  '(() => { const re = new RegExp(src, flags); const out = []; ' +
    'for (let i = 0; i < texts.length; i++) out.push(re.test(texts[i]) ? 1 : 0); return out; })()',
);

/**
 * Whether `pattern` matches each text, or null when the batch took longer than `timeoutMs`.
 * Flags must not include `g` or `y` (stateful `test`).
 */
export function testAllWithin(
  pattern: string,
  flags: string,
  texts: readonly string[],
  timeoutMs: number,
): boolean[] | null {
  context ??= vm.createContext({});
  Object.assign(context, { src: pattern, flags, texts });
  try {
    const out = TEST_ALL.runInContext(context, {
      timeout: Math.max(1, Math.ceil(timeoutMs)),
    }) as number[];
    return Array.from(out, (x) => x === 1);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return null;
    throw e;
  } finally {
    Object.assign(context, { texts: [] }); // do not keep the caller's texts alive
  }
}
