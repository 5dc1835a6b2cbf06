import type { FieldError } from '@verity/service-runtime';
import type { MigrationEntry, MigrationKindName, QuestionInput } from '../http/ontology.schemas';

/** An ontology version as far as a migration map is concerned. */
export interface VersionQuestions {
  version: number;
  questions: readonly Pick<QuestionInput, 'id' | 'options'>[];
}

const ARITY: Record<MigrationKindName, { from: 'one' | 'many'; to: 'one' | 'many' }> = {
  rename: { from: 'one', to: 'one' },
  merge: { from: 'many', to: 'one' },
  split: { from: 'one', to: 'many' },
};

/**
 * The migration map of a version being published (`next`), from the previous published version
 * (`previous`; undefined for the first). Pure: returns every fault, each named by its field path
 * (`migrations.<i>.<field>[.<k>]`, the platform's path style), empty when the map is sound:
 * no previous version; a question missing from either version; wrong arity for the kind
 * (rename 1 → 1, merge ≥2 → 1, split 1 → ≥2); a `from` option that is not an option of the
 * question in the previous version, a `to` option that is not one in the new version; an option
 * twice in one list; an option mapped twice (in `from` of two entries of one question); a rename
 * to itself; and cycles (a → b with b → a, or longer loops), each reported once.
 */
export function validateMigrations(previous: VersionQuestions | undefined, next: VersionQuestions, migrations: readonly MigrationEntry[]): FieldError[] {
  const errors: FieldError[] = [];
  const fault = (field: string, reason: string) => errors.push({ field, reason });
  if (migrations.length === 0) return errors;
  if (!previous) {
    fault('migrations', `version ${next.version} is the first published version: there is nothing to migrate from`);
    return errors;
  }
  const optionsOf = (v: VersionQuestions) => new Map(v.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
  const before = optionsOf(previous);
  const after = optionsOf(next);
  /** question id → option id → index of the first entry mapping it. */
  const mappedBy = new Map<string, Map<string, number>>();

  migrations.forEach((m, i) => {
    const at = `migrations.${i}`;
    const arity = ARITY[m.kind];
    const wrong = (side: 'from' | 'to', n: number) => {
      const want = arity[side];
      if (want === 'one' && n !== 1) fault(`${at}.${side}`, `a ${m.kind} maps ${side === 'from' ? 'exactly one option' : 'to exactly one option'} (${side} has ${n})`);
      if (want === 'many' && n < 2) fault(`${at}.${side}`, `a ${m.kind} maps ${side === 'from' ? 'two or more options' : 'to two or more options'} (${side} has ${n})`);
    };
    wrong('from', m.from.length);
    wrong('to', m.to.length);

    const old = before.get(m.questionId);
    const now = after.get(m.questionId);
    if (!old) fault(`${at}.questionId`, `question "${m.questionId}" is not a question of version ${previous.version}`);
    if (!now) fault(`${at}.questionId`, `question "${m.questionId}" is not a question of version ${next.version}`);

    const twice = (side: 'from' | 'to', list: string[]) => {
      const seen = new Set<string>();
      list.forEach((o, k) => {
        if (seen.has(o)) fault(`${at}.${side}.${k}`, `option "${o}" appears twice in ${side}`);
        seen.add(o);
      });
    };
    twice('from', m.from);
    twice('to', m.to);

    if (old) {
      m.from.forEach((o, k) => {
        if (!old.has(o)) fault(`${at}.from.${k}`, `option "${o}" is not an option of question ${m.questionId} in version ${previous.version}`);
      });
    }
    if (now) {
      m.to.forEach((o, k) => {
        if (!now.has(o)) fault(`${at}.to.${k}`, `option "${o}" is not an option of question ${m.questionId} in version ${next.version}`);
      });
    }

    const mapped = mappedBy.get(m.questionId) ?? new Map<string, number>();
    mappedBy.set(m.questionId, mapped);
    new Set(m.from).forEach((o) => {
      const first = mapped.get(o);
      if (first !== undefined) fault(`${at}.from.${m.from.indexOf(o)}`, `option "${o}" of question ${m.questionId} is already mapped by migrations.${first}`);
      else mapped.set(o, i);
    });

    if (m.kind === 'rename' && m.from.length === 1 && m.to.length === 1 && m.from[0] === m.to[0]) {
      fault(`${at}.to.0`, `a rename of option "${m.from[0]}" to itself changes nothing`);
    }
  });

  for (const c of mapCycles(migrations)) {
    fault(`migrations.${c.entries[0]}`, `cycle in the map of question ${c.questionId}: ${c.path.join(' → ')} (${c.entries.map((e) => `migrations.${e}`).join(', ')})`);
  }
  return errors;
}

interface Cycle {
  questionId: string;
  /** Options along the cycle, the first repeated at the end. */
  path: string[];
  /** Entries whose edges make the cycle, in path order (the first is where it is reported). */
  entries: number[];
}

/**
 * Cycles of the map, per question: the graph has an edge from → to for every pair of an entry
 * (an option kept by a merge or split, a → a, is no edge). Each strongly connected component
 * with more than one option holds a cycle; one is reported per component, found from its
 * smallest option id, so the report is deterministic.
 */
export function mapCycles(migrations: readonly Pick<MigrationEntry, 'questionId' | 'from' | 'to'>[]): Cycle[] {
  const byQuestion = new Map<string, Map<string, { to: string; entry: number }[]>>();
  migrations.forEach((m, i) => {
    const edges = byQuestion.get(m.questionId) ?? new Map<string, { to: string; entry: number }[]>();
    byQuestion.set(m.questionId, edges);
    for (const f of m.from) for (const t of m.to) if (f !== t) edges.set(f, [...(edges.get(f) ?? []), { to: t, entry: i }]);
  });
  const cycles: Cycle[] = [];
  for (const [questionId, edges] of byQuestion) {
    for (const component of stronglyConnected(edges)) {
      if (component.size < 2) continue;
      const start = [...component].sort()[0];
      const found = pathBack(edges, component, start);
      if (found) cycles.push({ questionId, ...found });
    }
  }
  return cycles.sort((a, b) => a.entries[0] - b.entries[0]);
}

function stronglyConnected(edges: Map<string, { to: string }[]>): Set<string>[] {
  const nodes = new Set<string>();
  for (const [f, out] of edges) {
    nodes.add(f);
    out.forEach((e) => nodes.add(e.to));
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: Set<string>[] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { to: w } of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c = new Set<string>();
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.add(w);
      } while (w !== v);
      out.push(c);
    }
  };
  [...nodes].sort().forEach((v) => (index.has(v) ? undefined : visit(v)));
  return out;
}

/** A shortest cycle through `start` within its component (breadth first). */
function pathBack(edges: Map<string, { to: string; entry: number }[]>, component: Set<string>, start: string) {
  const prev = new Map<string, { from: string; entry: number }>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const e of [...(edges.get(v) ?? [])].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.entry - b.entry))) {
      if (!component.has(e.to)) continue;
      if (e.to === start) {
        const nodes = [v];
        const entries = [e.entry];
        for (let cur = v; cur !== start; ) {
          const p = prev.get(cur)!;
          entries.unshift(p.entry);
          nodes.unshift(p.from);
          cur = p.from;
        }
        return { path: [...nodes, start], entries };
      }
      if (!prev.has(e.to) && e.to !== start) {
        prev.set(e.to, { from: v, entry: e.entry });
        queue.push(e.to);
      }
    }
  }
  return undefined;
}
