// Where a process spent its CPU: self time of a V8 .cpuprofile (node --cpu-prof) per function and
// per package (a node_modules package, a libs/ or services/ folder, or node's own code).
// Usage: node scripts/run-ts.cjs bench/support/cpu-profile-summary.ts FILE.cpuprofile [--top 25] [--last SECONDS]
// --last keeps only the final SECONDS of each profile (the load phase, not the start-up).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The package a script belongs to: `pg`, `@bufbuild/protobuf`, `libs/messaging`, `(node)`… */
function packageOf(url: string): string {
  if (!url) return '(native / gc / idle)';
  if (url.startsWith('node:')) return '(node)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const [a, b] = url.slice(nm + '/node_modules/'.length).split('/');
    return a!.startsWith('@') ? `${a}/${b}` : a!;
  }
  const m = /\/(libs|services|bench|scripts)\/([^/]+)/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

/** Self time in ms per key, largest first. */
function selfTimes(p: Profile, keyOf: (n: ProfileNode) => string): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const k = keyOf(node);
    totals.set(k, (totals.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The profile's samples from `fromUs` (profile clock, µs) on. */
function since(p: Profile, fromUs: number): Profile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (t >= fromUs) {
      samples.push(id);
      timeDeltas.push(p.timeDeltas[i] ?? 0);
    }
  });
  return { ...p, samples, timeDeltas, startTime: Math.max(p.startTime, fromUs) };
}

/** The service whose code the profile ran most (`services/<name>`), for naming the file. */
function serviceOf(p: Profile): string {
  const counts = new Map<string, number>();
  for (const n of p.nodes) {
    const m = /\/services\/([^/]+)\/src\//.exec(n.callFrame.url);
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?';
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, last: { type: 'string' } },
  });
  const top = Number(values.top);
  for (const file of positionals) {
    const whole = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const p = values.last ? since(whole, whole.endTime - Number(values.last) * 1e6) : whole;
    const wallMs = (p.endTime - p.startTime) / 1000;
    console.log(`\n${serviceOf(whole)}`);
    const idle = (n: ProfileNode) => n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)';
    const busy = selfTimes(p, (n) => (idle(n) ? '(idle)' : 'busy')).find(([k]) => k === 'busy')?.[1] ?? 0;
    console.log(`\n${file}: ${(wallMs / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s on the CPU (${((busy / wallMs) * 100).toFixed(0)} %)`);
    const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)} %`;
    console.log('  by package (self time, share of CPU time):');
    for (const [k, ms] of selfTimes(p, (n) => (idle(n) ? '(idle)' : packageOf(n.callFrame.url))).filter(([k]) => k !== '(idle)').slice(0, top)) {
      console.log(`    ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(7)} s  ${k}`);
    }
    console.log('  by function:');
    const fn = (n: ProfileNode) => (idle(n) ? '(idle)' : `${n.callFrame.functionName || '(anonymous)'}  ${packageOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`);
    for (const [k, ms] of selfTimes(p, fn).filter(([k]) => k !== '(idle)').slice(0, top)) {
      console.log(`    ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(7)} s  ${k}`);
    }
  }
}

main();
