import { TaskView } from '@verity/sdk';
import { DemoProject } from './demo-project';
import { TruthBook } from './truth-book';

export interface AnswerRow {
  item: string;
  worker: string;
  label: string;
}

export interface AnnotatorWork {
  answers: AnswerRow[];
  /** Leases that came with the machine's draft. */
  draftsShown: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The simulated annotators work their queues over HTTP, in turn, until the expected number of
 * answers is in or no task has come for `idleMs`. Annotator i is right with probability
 * accuracies[i]; the last one (the spammer) answers at random. They answer from the text alone:
 * a draft, when the platform shows one, does not sway them.
 */
export async function annotateQueue(
  p: DemoProject,
  o: { accuracies: number[]; rnd: () => number; truth: TruthBook; expectedAnswers: number; idleMs?: number },
): Promise<AnnotatorWork> {
  const answers: AnswerRow[] = [];
  let draftsShown = 0;
  let idleSince = Date.now();
  while (answers.length < o.expectedAnswers && Date.now() - idleSince < (o.idleMs ?? 45000)) {
    let worked = false;
    for (let i = 0; i < p.annotators.length; i++) {
      const { client, name } = p.annotators[i];
      const t: TaskView | null = await client.nextTask(p.id);
      if (!t) continue;
      worked = true;
      if (t.draft) draftsShown++;
      const truth = o.truth.learn(t.itemId, t.content.text);
      const spammer = i === p.annotators.length - 1;
      const right = !spammer && o.rnd() < o.accuracies[i];
      const label = spammer ? (o.rnd() < 0.5 ? 'spam' : 'ham') : right ? truth ?? 'ham' : truth === 'spam' ? 'ham' : 'spam';
      await client.submit(t.taskId, t.leaseId, { choice: { optionIds: [label] } }, 800 + Math.floor(o.rnd() * 4000));
      answers.push({ item: t.itemId, worker: name, label });
    }
    if (worked) idleSince = Date.now();
    else await sleep(300);
  }
  return { answers, draftsShown };
}
