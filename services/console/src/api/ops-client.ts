import { gateway as g, unwrap } from './http';
import type { components } from './schema';

type Schemas = components['schemas'];

export type DeadLetterTopic = Schemas['DeadLetterTopic'];
export type DeadLetterRecord = Schemas['DeadLetter'];
export type DeadLetterPage = Schemas['DeadLetterPage'];
export type RedriveRequest = { ids: string[] } | { all: true };
export type RedriveResult = Schemas['RedriveResult'];
export type ConsumerGroupLag = Schemas['GroupLag'];

/** The operator's calls (admin): dead letters per topic, inspect, redrive; consumer lag. */
export const opsApi = {
  deadLetters: () => unwrap<Schemas['DeadLetterTopics']>(g.GET('/v1/ops/dead-letters')).then((r) => r.topics),
  records: (topic: string, limit: number, after?: string) =>
    unwrap<DeadLetterPage>(g.GET('/v1/ops/dead-letters/{topic}', { params: { path: { topic }, query: after ? { limit, after } : { limit } } })),
  redrive: (topic: string, body: RedriveRequest) => unwrap<RedriveResult>(g.POST('/v1/ops/dead-letters/{topic}/redrive', { params: { path: { topic } }, body })),
  consumerLag: () => unwrap<Schemas['ConsumerLag']>(g.GET('/v1/ops/consumer-lag')).then((r) => r.groups),
};
