import { CliError } from './io';

/** Whether a secret can be asked for: the process's own stdin is a terminal. */
export const canPrompt = (): boolean => Boolean(process.stdin.isTTY);

/** Asks for a secret on the terminal without echoing it (Ctrl-C cancels). */
export function promptSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (c === '\u0003' || c === '\u0004') {
          finish();
          reject(new CliError('cancelled'));
          return;
        }
        typed = c === '\u007f' || c === '\b' ? typed.slice(0, -1) : typed + c;
      }
    };
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
