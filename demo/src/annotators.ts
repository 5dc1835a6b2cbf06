import { TaskView, VerityApiError } from '@verity/sdk';
import { DemoProject } from './demo-project';
import { TruthBook } from './truth-book';

export interface AnswerRow {
  item: string;
  worker: string;
  label: string;
}

export interface AnnotatorWork {
  /** Answers to the batch's own items (what majority vote and the figures use). */
  answers: AnswerRow[];
  /** Answers to leases of other items: honeypots (copies of the gold set), indistinguishable to the annotator. */
  otherAnswers: number;
  /** Leases that came with the machine's draft. */
  draftsShown: number;
  /** The text each lease showed, by item (what the annotators saw). */
  shown: Map<string, string[]>;
  /** Annotators the platform stopped giving work to (HTTP 403: suspended in this project). */
  suspended: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The simulated annotators work their queues over HTTP, in turn, until the expected number of
 * answers to `items` is in or no task has come for `idleMs`. Annotator i is right with probability
 * accuracies[i]; the last one (the spammer) answers at random. They answer from the text alone:
 * a draft, when the platform shows one, does not sway them, and a honeypot is answered like any
 * other task. A suspended annotator (403) stops.
 */
export async function annotateQueue(
  p: DemoProject,
  o: { accuracies: number[]; rnd: () => number; truth: TruthBook; items: Set<string>; expectedAnswers: number; idleMs?: number },
): Promise<AnnotatorWork> {
  const work: AnnotatorWork = { answers: [], otherAnswers: 0, draftsShown: 0, shown: new Map(), suspended: [] };
  const suspended = new Set<number>();
  let idleSince = Date.now();
  while (work.answers.length < o.expectedAnswers && suspended.size < p.annotators.length && Date.now() - idleSince < (o.idleMs ?? 45000)) {
    let worked = false;
    for (let i = 0; i < p.annotators.length; i++) {
      if (suspended.has(i)) continue;
      const { client, name } = p.annotators[i];
      let t: TaskView | null;
      try {
        t = await client.nextTask(p.id);
      } catch (err) {
        if (!(err instanceof VerityApiError && err.status === 403)) throw err;
        suspended.add(i);
        work.suspended.push(name);
        continue;
      }
      if (!t) continue;
      worked = true;
      if (t.draft) work.draftsShown++;
      const text = t.content.text ?? '';
      work.shown.set(t.itemId, [...(work.shown.get(t.itemId) ?? []), text]);
      const truth = o.truth.learn(t.itemId, text);
      const spammer = i === p.annotators.length - 1;
      const right = !spammer && o.rnd() < o.accuracies[i];
      const label = spammer ? (o.rnd() < 0.5 ? 'spam' : 'ham') : right ? truth ?? 'ham' : truth === 'spam' ? 'ham' : 'spam';
      await client.submit(t.taskId, t.leaseId, { choice: { optionIds: [label] } }, 800 + Math.floor(o.rnd() * 4000));
      if (o.items.has(t.itemId)) work.answers.push({ item: t.itemId, worker: name, label });
      else work.otherAnswers++;
    }
    if (worked) idleSince = Date.now();
    else await sleep(300);
  }
  return work;
}
