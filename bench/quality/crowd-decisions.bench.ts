// How right are the labels quality decides from the crowd alone, as a project starts? The demo's
// crowd (annotators right at 0.85, 0.75, 0.7, 0.6 and a spammer answering at random, three answers
// per item, two classes, balanced), quality's own fit and task scoring (refitDawidSkene: the
// default aggregation, warm-started from the last fit; dsTaskPosterior), refitted as quality does:
// majority vote below QUALITY_DS_MIN_ANSWERS (30), then a refit every QUALITY_DS_REFIT_EVERY (50)
// answers (the growth interval starts past 500 answers and is left out); each item is decided when
// its third answer arrives, with the fit in hand, if its posterior reaches the threshold.
//   node scripts/run-ts.cjs bench/quality/crowd-decisions.bench.ts [--items 140] [--seeds 50] [--posterior 0.8] [--smoothing 0.1]
import { parseArgs } from 'node:util';
import { mulberry32, type DawidSkeneParams } from '@verity/label-science';
import { dsTaskPosterior, fitCovers, majorityTaskPosterior, refitDawidSkene, type LabelRow } from '../../services/quality/src/domain/task.aggregation';
import { qualitySettings } from '../../services/quality/src/quality.settings';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '140' },
    seeds: { type: 'string', default: '50' },
    posterior: { type: 'string', default: '0.8' },
    smoothing: { type: 'string', default: '0.1' },
    'diagonal-prior': { type: 'string', default: '0' },
    accuracies: { type: 'string', default: '0.85,0.75,0.7,0.6,0.5' },
    'min-answers': { type: 'string', default: String(qualitySettings.QUALITY_DS_MIN_ANSWERS.parse(undefined)) },
    'refit-every': { type: 'string', default: String(qualitySettings.QUALITY_DS_REFIT_EVERY.parse(undefined)) },
  },
});
const ITEMS = Number(values.items);
const SEEDS = Number(values.seeds);
const THRESHOLD = Number(values.posterior);
const ACC = values.accuracies!.split(',').map(Number);
const MIN = Number(values['min-answers']);
const EVERY = Number(values['refit-every']);
const classes = ['ham', 'spam'];
const WINDOW = 20;

const smoothing = Number(values.smoothing);
for (const diagonalPrior of values['diagonal-prior']!.split(',').map(Number)) {
  const windows: { decided: number; right: number; mvRight: number; n: number; ds: number }[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rnd = mulberry32(seed * 7919);
    const rows: LabelRow[] = [];
    let fit: DawidSkeneParams | undefined;
    let model: 'ds' | 'mace' | 'mv' = 'mv';
    let sinceFit = 0;
    for (let i = 0; i < ITEMS; i++) {
      const item = `i${i}`;
      const t = rnd() < 0.5 ? 'spam' : 'ham';
      const mine: LabelRow[] = [];
      for (const w of [...ACC.keys()].sort(() => rnd() - 0.5).slice(0, 3)) {
        mine.push({ item, worker: `w${w}`, label: rnd() < ACC[w] ? t : t === 'spam' ? 'ham' : 'spam' });
      }
      rows.push(...mine);
      sinceFit += mine.length;
      if (rows.length >= MIN && (fit === undefined || sinceFit >= EVERY)) {
        const f = refitDawidSkene(rows, classes, new Map(), fit, { smoothing, priorSmoothing: 1, diagonalPrior, maxIter: 100 });
        if (f) {
          fit = f.params;
          model = f.model;
          sinceFit = 0;
        }
      }
      const majority = majorityTaskPosterior(mine);
      const mv = majority.label;
      const covered = fit !== undefined && fitCovers(fit, mine);
      const p = covered ? dsTaskPosterior(fit!, mine, smoothing) : majority;
      const w = (windows[Math.floor(i / WINDOW)] ??= { decided: 0, right: 0, mvRight: 0, n: 0, ds: 0 });
      w.n++;
      if (p.confidence >= THRESHOLD) {
        w.decided++;
        w.right += Number(p.label === t);
        w.mvRight += Number(mv === t);
        w.ds += Number(covered && model === 'ds');
      }
    }
  }
  const f = (x: number) => x.toFixed(3);
  console.log(`smoothing ${smoothing}, diagonal prior ${diagonalPrior}, ${SEEDS} seeds, posterior ≥ ${THRESHOLD}; items in order of arrival, per ${WINDOW}:`);
  let all = { decided: 0, right: 0, mvRight: 0 };
  windows.forEach((w, k) => {
    all = { decided: all.decided + w.decided, right: all.right + w.right, mvRight: all.mvRight + w.mvRight };
    console.log(`  items ${k * WINDOW}–${k * WINDOW + WINDOW - 1}: decided ${f(w.decided / w.n)}, right ${f(w.right / w.decided)} (majority vote on them ${f(w.mvRight / w.decided)}), by a DS fit ${f(w.ds / w.decided)}`);
  });
  console.log(`  all: decided ${all.decided}, right ${f(all.right / all.decided)} (majority vote ${f(all.mvRight / all.decided)})`);
}
