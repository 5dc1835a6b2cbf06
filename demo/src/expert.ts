import { DemoProject } from './demo-project';
import { TruthBook } from './truth-book';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The simulated expert settles what quality sent to adjudication, right with probability
 * `accuracy` (drawn as the annotators' answers are), until `done()` (every item has its final
 * label, so nothing can be waiting for a verdict) or no request has come for `idleMs`. Each
 * verdict states the expert's accuracy as its confidence, as a calibrated expert would: the label
 * carries it, and the local model weighs labels by it (decision 63). Returns the verdict given on
 * each item.
 */
export async function adjudicateQueue(
  p: DemoProject,
  o: { accuracy: number; rnd: () => number; truth: TruthBook; done: () => boolean; idleMs?: number },
): Promise<Map<string, string>> {
  const verdicts = new Map<string, string>();
  let idleSince = Date.now();
  while (!o.done() && Date.now() - idleSince < (o.idleMs ?? 30000)) {
    const r = await p.expert.raw('POST', `/v1/projects/${p.id}/adjudications/next`);
    if (r.status === 204) {
      await sleep(500);
      continue;
    }
    if (r.status !== 200) throw new Error(`adjudication next: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    const req = r.body as { requestId: string; itemId: string; content?: { maskedText?: string } };
    const truth = o.truth.learn(req.itemId, req.content?.maskedText) ?? 'ham';
    const label = o.rnd() < o.accuracy ? truth : truth === 'spam' ? 'ham' : 'spam';
    await p.expert.call('POST', `/v1/adjudications/${req.requestId}/verdict`, { label, confidence: o.accuracy, note: 'demo expert: checked against the guidelines' }, 'verdict');
    verdicts.set(req.itemId, label);
    idleSince = Date.now();
  }
  return verdicts;
}
