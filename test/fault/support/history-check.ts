import fs from 'node:fs';
import path from 'node:path';
import { AssignerProtocol, Kafka } from 'kafkajs';
import { LabelStatus, type LabelEvent } from '@verity/contracts';
import type { VerityClient } from '@verity/sdk';
import { eventually } from '@verity/testing';
import { isPlatformGroup, QUESTION, sleep, type Stream } from './fault-platform';
import { traceStages } from './stage-trace';

// What every fault test ends with: the whole history of its project on labels.v1. Every content
// event sent has exactly one item and exactly one current label per (item, question), that label
// is the right one, no label version was published twice in effect (a second, different event
// for the same (item, question, version)), and nothing is stuck (no open task left, every
// platform consumer group caught up with its topics).

export interface HistoryFigures {
  test: string;
  faults: number;
  contentEvents: number;
  inFlight: number;
  labelEvents: number;
  lost: number;
  duplicated: number;
  wrong: number;
}

export interface HistoryCheck {
  test: string;
  stream: Stream;
  kafka: Kafka;
  annotators: VerityClient[];
  faults: number;
  /** Content events not yet labeled when faults hit, summed over the faults. */
  inFlight: number;
  timeoutMs?: number;
  /** The database the services under test use (for the stage trace of a lost event); the stack's by default. */
  databaseUrl?: string;
}

export async function checkHistory(c: HistoryCheck): Promise<HistoryFigures> {
  const { stream } = c;
  const sent = new Set(stream.sent);
  await eventually(
    `a label for each of the ${sent.size} content events`,
    () => (stream.labeled() >= sent.size ? true : undefined),
    c.timeoutMs ?? 240000,
    1000,
  ).catch(async (err: Error) => {
    // Say where each missing event stopped and which groups lag, not only how many are missing.
    const items = stream.itemSources();
    const labeled = new Set(stream.projectLabels().map((l) => stream.sourceOf(l, items)));
    const missing = [...sent].filter((s) => !labeled.has(s));
    const stages = await traceStages(stream.projectId, stream.source, missing, c.databaseUrl).catch((e: Error) => [`stage trace failed: ${e.message}`]);
    const lagging = await waitCaughtUp(c.kafka, 10000).catch((e: Error) => [`lag check failed: ${e.message}`]);
    throw new Error(`${err.message} (${stream.labeled()} labeled)\n  ${[...stages, ...lagging.map((l) => `lagging: ${l}`)].join('\n  ')}`);
  });
  // Room for a late second version or a second event to show up.
  await sleep(5000);

  const labels = stream.projectLabels();
  const sources = stream.itemSources();
  const itemsOf = new Map<string, Set<string>>(); // source id → item ids (items.v1, then labels)
  for (const [itemId, sourceId] of sources) itemsOf.set(sourceId, (itemsOf.get(sourceId) ?? new Set()).add(itemId));
  const byKey = new Map<string, Map<number, Map<string, LabelEvent>>>(); // item|question → version → event id → event
  for (const l of labels) {
    const sourceId = stream.sourceOf(l, sources);
    itemsOf.set(sourceId, (itemsOf.get(sourceId) ?? new Set()).add(l.itemId));
    const key = `${l.itemId}|${l.questionId}`;
    const versions = byKey.get(key) ?? new Map<number, Map<string, LabelEvent>>();
    const ids = versions.get(l.labelVersion) ?? new Map<string, LabelEvent>();
    ids.set(l.envelope!.eventId, l);
    byKey.set(key, versions.set(l.labelVersion, ids));
  }

  const problems: string[] = [];
  let duplicated = 0;
  let wrong = 0;
  for (const sourceId of sent) {
    const items = itemsOf.get(sourceId);
    if (!items || items.size !== 1) problems.push(`content ${sourceId}: ${items?.size ?? 0} items`);
    else if (![...items].some((i) => byKey.has(`${i}|${QUESTION}`))) problems.push(`content ${sourceId}: no label`);
  }
  for (const sourceId of itemsOf.keys()) if (!sent.has(sourceId)) problems.push(`a label for content ${sourceId} that was never sent`);
  for (const [key, versions] of byKey) {
    // An outbox re-send after a crash repeats the same event id (consumers de-duplicate on it);
    // a second *different* event for one version is a duplicate effect.
    for (const [v, ids] of versions) {
      if (ids.size !== 1) {
        duplicated += ids.size - 1;
        problems.push(`${key} v${v}: ${ids.size} different label events`);
      }
    }
    // Nothing here asks again: one version per (item, question), and it is current and right.
    if (versions.size !== 1 || !versions.has(1)) problems.push(`${key}: label versions ${[...versions.keys()].join(',')}`);
    const current = [...versions.get(Math.max(...versions.keys()))!.values()][0]!;
    if (current.status !== LabelStatus.ACTIVE) problems.push(`${key}: current label is ${LabelStatus[current.status]}`);
    const truth = stream.expectedLabel(stream.sourceOf(current, sources));
    if (current.label !== truth) {
      wrong++;
      problems.push(`${key}: label ${current.label}, truth ${truth}`);
    }
  }
  const questions = new Set([...byKey.keys()].map((k) => k.split('|')[1]));
  if (questions.size !== 1 || !questions.has(QUESTION)) problems.push(`questions labeled: ${[...questions].join(',')}`);

  // Nothing stuck: no task left open for the annotators, every platform consumer group caught up.
  for (const a of c.annotators) {
    const open = await a.nextTask(stream.projectId);
    if (open) problems.push(`task ${open.taskId} still open for an annotator`);
  }
  const lagging = await waitCaughtUp(c.kafka, 120000);
  if (lagging.length) problems.push(`consumer groups not caught up: ${lagging.join('; ')}`);

  const figures: HistoryFigures = {
    test: c.test,
    faults: c.faults,
    contentEvents: sent.size,
    inFlight: c.inFlight,
    labelEvents: labels.length,
    lost: [...sent].filter((s) => ![...(itemsOf.get(s) ?? [])].some((i) => byKey.has(`${i}|${QUESTION}`))).length,
    duplicated,
    wrong,
  };
  report(figures);
  if (problems.length) throw new Error(`history check failed:\n  ${problems.slice(0, 30).join('\n  ')}`);
  return figures;
}

/** Appends the figures to reports/fault-figures.jsonl and prints them. */
function report(f: HistoryFigures): void {
  const dir = path.resolve(__dirname, '../../../reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'fault-figures.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), ...f })}\n`);
  console.log(`fault figures: ${JSON.stringify(f)}`);
}

/**
 * The platform's consumer groups (`<service>[.<suffix>]`) with live members have committed up to
 * the ends their assigned topics had when the check began. Returns what still lags after timeoutMs.
 */
export async function waitCaughtUp(kafka: Kafka, timeoutMs: number): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const listed = await admin.listGroups();
    const ours = listed.groups.map((g) => g.groupId).filter(isPlatformGroup);
    const described = await admin.describeGroups(ours);
    const live = described.groups.filter((g) => g.state === 'Stable' && g.members.length > 0);
    const targets: { group: string; topic: string; partition: number; end: number }[] = [];
    for (const g of live) {
      const group = g.groupId;
      // Only the topics the members read now (a group may keep offsets of topics it left).
      const assigned = new Set(g.members.flatMap((m) => Object.keys(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {})));
      for (const t of await admin.fetchOffsets({ groupId: group })) {
        if (!assigned.has(t.topic)) continue;
        const ends = await admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) {
          if (Number(p.offset) < 0) continue;
          const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          targets.push({ group, topic: t.topic, partition: p.partition, end });
        }
      }
    }
    const deadline = Date.now() + timeoutMs;
    let behind = targets;
    while (behind.length && Date.now() < deadline) {
      const still: typeof targets = [];
      const byGroup = new Map<string, typeof targets>();
      for (const t of behind) byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t]);
      for (const [group, ts] of byGroup) {
        const committed = await admin.fetchOffsets({ groupId: group, topics: [...new Set(ts.map((t) => t.topic))] });
        for (const t of ts) {
          const c = Number(committed.find((x) => x.topic === t.topic)?.partitions.find((p) => p.partition === t.partition)?.offset ?? -1);
          if (c < t.end) still.push(t);
        }
      }
      behind = still;
      if (behind.length) await sleep(1000);
    }
    return behind.map((t) => `${t.group} ${t.topic}[${t.partition}] < ${t.end}`);
  } finally {
    await admin.disconnect();
  }
}
