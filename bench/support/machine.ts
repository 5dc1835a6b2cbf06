import os from 'node:os';

/** One line saying what the figures were measured on. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}, load ${os.loadavg().map((l) => l.toFixed(1)).join('/')}`;
}
