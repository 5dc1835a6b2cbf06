// Aggregation throughput on synthetic data: 100,000 items × 10 answers, 5 classes, one core.
// Run: node scripts/run-ts.cjs bench/label-science/aggregation.bench.ts [items]
import * as os from 'node:os';
import { aggregate, DEFAULT_METHOD, METHODS, syntheticAnswers } from '@verity/label-science';

const items = Number(process.argv[2] ?? 100_000);
const t0 = process.hrtime.bigint();
const { answers, truth } = syntheticAnswers({
  items,
  answersPerItem: 10,
  workers: 200,
  classes: 5,
  seed: 42,
  accuracy: [0.3, 0.8],
});
const genSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const cpu = os.cpus()[0]?.model ?? 'unknown';
console.log(
  `machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}, ${os.platform()} ${os.arch()}`,
);
console.log(
  `data: ${answers.nItems} items, ${answers.nWorkers} workers, ${answers.nClasses} classes, ${answers.nAnswers} answers (generated in ${genSeconds.toFixed(2)} s)`,
);
console.log('method      seconds  answers/s     iterations  converged  accuracy');
const seconds: Partial<Record<string, number>> = {};
for (const method of METHODS) {
  const start = process.hrtime.bigint();
  const r = aggregate(answers, method);
  const took = Number(process.hrtime.bigint() - start) / 1e9;
  seconds[method] = took;
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (r.labelIdx[i] === truth[i]) ok++;
  console.log(
    `${method.padEnd(11)} ${took.toFixed(3).padStart(7)}  ${Math.round(answers.nAnswers / took)
      .toLocaleString('en-US')
      .padStart(
        12,
      )}  ${String(r.iterations).padStart(10)}  ${String(r.converged).padStart(9)}  ${(ok / truth.length).toFixed(4)}`,
  );
}
// The default may cost up to 3× Dawid-Skene (issue #14).
console.log(
  `default (${DEFAULT_METHOD}) / ds time: ${((seconds[DEFAULT_METHOD] ?? NaN) / (seconds.ds ?? NaN)).toFixed(2)}×`,
);
