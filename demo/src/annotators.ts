import { TaskView, VerityApiError } from '@verity/sdk';
import { DemoProject } from './demo-project';
import { TruthBook } from './truth-book';

export interface AnswerRow {
  item: string;
  worker: string;
  label: string;
}

export interface AnnotatorWork {
  /** Answers on the batch's items (honeypots, which the annotators cannot tell apart, are not among them). */
  answers: AnswerRow[];
  /** Honeypot answers: tasks served on items outside the batch. */
  checks: number;
  /** Leases that came with the machine's draft. */
  draftsShown: number;
  /** Tasks shown whose comment carried synthetic PII, and how many of them showed any of it. */
  pii: { shown: number; leaked: number };
  /** Annotators the platform stopped serving (suspended by the reliability floor). */
  suspended: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The simulated annotators work their queues over HTTP, in turn, until the expected number of
 * answers on the batch's `items` is in or no task has come for `idleMs`. Annotator i is right with
 * probability accuracies[i]; the last one (the spammer) answers at random. They answer from the
 * text alone: a draft, when the platform shows one, does not sway them. Honeypots look like any
 * task, so they are answered the same way; only the count tells them apart afterwards.
 */
export async function annotateQueue(
  p: DemoProject,
  o: { accuracies: number[]; rnd: () => number; truth: TruthBook; items: ReadonlySet<string>; expectedAnswers: number; idleMs?: number },
): Promise<AnnotatorWork> {
  const answers: AnswerRow[] = [];
  let checks = 0;
  let draftsShown = 0;
  const pii = { shown: 0, leaked: 0 };
  const suspended = new Set<string>();
  let idleSince = Date.now();
  while (answers.length < o.expectedAnswers && Date.now() - idleSince < (o.idleMs ?? 45000)) {
    let worked = false;
    for (let i = 0; i < p.annotators.length; i++) {
      const { client, name } = p.annotators[i];
      if (suspended.has(name)) continue;
      let t: TaskView | null;
      try {
        t = await client.nextTask(p.id);
      } catch (err) {
        // 403: quality suspended this annotator (reliability below the project's floor).
        if (err instanceof VerityApiError && err.status === 403) {
          suspended.add(name);
          continue;
        }
        throw err;
      }
      if (!t) continue;
      worked = true;
      if (t.draft) draftsShown++;
      const seen = o.truth.piiShown(t.content.text);
      if (seen.carried) pii.shown++;
      if (seen.leaked) pii.leaked++;
      const truth = o.truth.learn(t.itemId, t.content.text);
      const spammer = i === p.annotators.length - 1;
      const right = !spammer && o.rnd() < o.accuracies[i];
      const label = spammer ? (o.rnd() < 0.5 ? 'spam' : 'ham') : right ? truth ?? 'ham' : truth === 'spam' ? 'ham' : 'spam';
      await client.submit(t.taskId, t.leaseId, { choice: { optionIds: [label] } }, 800 + Math.floor(o.rnd() * 4000));
      if (o.items.has(t.itemId)) answers.push({ item: t.itemId, worker: name, label });
      else checks++;
    }
    if (worked) idleSince = Date.now();
    else await sleep(300);
  }
  return { answers, checks, draftsShown, pii, suspended: [...suspended] };
}
