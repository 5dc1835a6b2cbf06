import { ExpertComparison } from './figures';
import { runLabelingLoop } from './labeling-loop';

type LoopResult = Awaited<ReturnType<typeof runLabelingLoop>>;

const f3 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(3));
const pct = (x: number) => `${Math.round(x * 100)} %`;

/** The final labels beside majority vote on the same items, with the expert's verdicts (given to both) and without. */
function printVsMajorityVote(c: ExpertComparison, print: (line: string) => void, head: string): void {
  const w = c.withExpert;
  const wo = c.withoutExpert;
  print(`${head}${f3(w.platform.accuracy)} on ${w.platform.scored} items, expert verdicts included (majority vote of the same answers, given the same verdicts: ${f3(w.majorityVote.accuracy)})`);
  print(`  without the expert:    ${f3(wo.platform.accuracy)} on the ${wo.platform.scored} items the crowd settled alone (majority vote on them: ${f3(wo.majorityVote.accuracy)})`);
  print(`  the expert's verdicts: ${f3(c.expert.accuracy)} right (${c.expert.correct}/${c.expert.scored})`);
}

/** Prints what the loop did, phase by phase: the figures a project manager would look at. */
export function printLoop(r: LoopResult, gateway: string, print: (line: string) => void = console.log): void {
  const s = r.setup;
  print('\n-- Set-up');
  print(`crowd:                   annotators right at ${s.accuracies.join(', ')}, and one spammer (answers at random)`);
  print(`expert:                  right at ${s.expertAccuracy}, drawn like the annotators' answers; states ${s.expertAccuracy} as its verdicts' confidence`);
  print(`checks:                  honeypot rate ${s.honeypotRate}, reliability floor ${s.reliabilityFloor} (a new project's defaults); ${s.goldItems} gold items registered`);

  const p1 = r.phase1;
  print('\n-- Phase 1: humans only (the local model learns from their labels)');
  const extra = `${p1.batches - 1} more batch${p1.batches > 2 ? 'es' : ''}`;
  const more = p1.batches === 1 ? '' : r.model?.threshold != null ? `; ${extra} until the model's threshold would take the planned share, or as many as the demo allows` : `; ${extra}, and still no threshold`;
  print(`items labeled:           ${p1.labels} of ${p1.items} (from ${p1.answers} human answers${more})`);
  printVsMajorityVote(p1.vsMajorityVote, print, 'accuracy against truth:  ');
  if (p1.labels < p1.items) print(`stalled:                 ${p1.items - p1.labels} items got no final label (too few annotators still given work)`);
  print(`pairwise agreement:      ${f3(p1.agreement)}`);
  print(`sent to adjudication:    ${p1.adjudicated} items (${p1.adjudicatedLabels} final labels carry an expert verdict)`);
  print(`honeypots answered:      ${p1.honeypotAnswers}`);
  print(`annotator reliability:   ${[...p1.reliability].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ') || 'n/a'}`);

  const m = r.model;
  print('\n-- The local model (GET /v1/projects/:id/prelabel/models)');
  if (!m) print('local model:             none reported');
  else {
    print(`local model:             v${m.version}, trained on ${m.nLabels} labels from labels.v1`);
    const how = [m.report.calibrationMethod ? `${m.report.calibrationMethod} kept by cross-validated ECE` : '', m.report.epochs ? `${m.report.epochs} passes` : ''].filter(Boolean).join(', ');
    print(`held-out accuracy:       ${f3(m.report.accuracy)} on ${m.report.heldOut} out-of-fold answers; ECE ${f3(m.report.eceRaw)} raw → ${f3(m.report.eceCalibrated)} calibrated${how ? ` (${how})` : ''}`);
    const lc = m.report.labelChecks;
    if (lc && lc.answered + lc.pending > 0) {
      print(
        `label checks:            ${lc.answered} labels a model version disagreed with out-of-fold were checked again by the expert (${lc.changed} changed by the verdict)` +
          `${lc.pending ? `, ${lc.pending} still waiting` : ''}${lc.answered ? '; this version trained on the verdicts' : ''}`,
      );
    }
    const c = m.report.choice;
    const x = m.report.crossFitted;
    const crossed = x ? `; picked on one half, measured on the other: ${x.precision === null ? 'no threshold' : `${f3(x.precision)} on ${x.support} answers`}` : '';
    print(
      m.threshold === null
        ? `auto-accept threshold:   none: the local model found no threshold for target precision ${m.report.targetPrecision} on its held-out answers, so it auto-accepts nothing and phase 2 goes to the humans`
        : `auto-accept threshold:   ${f3(m.threshold)} for target precision ${m.report.targetPrecision} (held-out precision ${f3(c.precision)} on ${c.support} answers, ${pct(c.coverage)} of them${crossed})`,
    );
  }

  const p2 = r.phase2;
  print(`\n-- Phase 2: ${p2.items} new comments, routed by the model${p2.modelVersions.length ? ` (${p2.modelVersions.join(', ')})` : ''}`);
  print(`routes:                  ${p2.routes.autoAccepted} auto-accepted, ${p2.routes.audited} audited (blind), ${p2.routes.withDraft} to humans with a draft, ${p2.routes.withoutDraft} without`);
  print(`auto-accepted labels:    ${f3(p2.autoAccepted.accuracy)} correct against the truth (${p2.autoAccepted.correct}/${p2.autoAccepted.scored}; ${p2.autoAcceptedByMachine} labels on labels.v1 by machine auto-accept)`);
  const mp = p2.machinePrecision;
  print(
    mp && mp.count > 0
      ? `machine precision:       ${f3(mp.precision)} on ${mp.count} audits (${mp.correct}/${mp.count}; 95 % interval ${f3(mp.low)}–${f3(mp.high)}; ${mp.pending} pending), as quality measures it${p2.auditedBefore ? `; ${p2.auditedBefore} of the audited answers came in phase 1's extra batches` : ''}`
      : `machine precision:       no resolved audits${mp ? ` (${mp.pending} pending)` : ''}`,
  );
  // Phase 1's extra batches were routed by earlier, weaker versions: phase 2's own figure apart.
  const mp2 = p2.machinePrecisionPhase2;
  if (p2.auditedBefore && mp2 && mp2.count > 0) {
    print(`  of phase 2's versions:  ${f3(mp2.precision)} on ${mp2.count} audits (${mp2.correct}/${mp2.count}; 95 % interval ${f3(mp2.low)}–${f3(mp2.high)}) from ${p2.modelVersions.join(', ')}`);
  }
  print(`human answers per item:  ${p2.answersPerItem.toFixed(2)} in phase 2 (${p2.answers} answers, ${p2.draftsShown} with the draft shown) vs ${p1.answersPerItem.toFixed(2)} in phase 1`);
  print(`sent to adjudication:    ${p2.adjudicated} items${p2.secondLooks ? `, and ${p2.secondLooks} labeled ones again because the machine disagreed (blind audits against the crowd, label checks)` : ''}`);
  print(`honeypots answered:      ${p2.honeypotAnswers}`);
  print(`final label accuracy:    ${f3(p2.final.accuracy)} on ${p2.final.scored} items (${p2.labels} of ${p2.items} labeled)`);
  if (p2.labels < p2.items) print(`stalled:                 ${p2.items - p2.labels} items got no final label (too few annotators still given work)`);
  printVsMajorityVote(p2.vsMajorityVote, print, 'of them with humans:     ');

  print('');
  print(`suspended:               ${r.suspended.length ? `${r.suspended.join(', ')} (reliability below the floor on known truth)` : 'nobody'}`);
  const pii = r.pii;
  const unleased = pii.carried - pii.leased;
  print(
    `PII:                     ${pii.carried} comments carried synthetic PII; annotators saw ${pii.masked}/${pii.leased} masked (${pii.leaks} leaks)` +
      (unleased ? `; ${unleased} never reached an annotator (auto-accepted or unlabeled)` : ''),
  );
  if (pii.example) {
    print(`  as published:          ${pii.example.original}`);
    print(`  as a lease showed it:  ${pii.example.shown}`);
  }

  print('');
  print(`release:                 ${r.release.location} (release ${r.release.releaseId})`);
  print(`project:                 ${r.projectId}  (API: ${gateway}, OpenAPI at ${gateway}/docs)`);
}
