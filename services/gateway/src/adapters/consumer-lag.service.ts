import { Inject, Injectable } from '@nestjs/common';
import { AssignerProtocol, Kafka } from 'kafkajs';
import { partitionLag } from '@verity/messaging';
import { KAFKA } from '@verity/service-runtime';
import { OPS_CONSUMER_SERVICES, type OpsConsumerServices } from '../operations.settings';
import type { GroupLag, PartitionLag, TopicLag } from '../domain/operations.types';

/** The service a consumer group belongs to (`<service>` or `<service>.<suffix>`), if any. */
export function serviceOfGroup(group: string, services: readonly string[]): string | undefined {
  return services.find((s) => group === s || group.startsWith(`${s}.`));
}

// One definition of a partition's lag, shared with the services' /metrics (verity_consumer_lag).
export { partitionLag };

/**
 * How far behind the platform's consumer groups are, from kafkajs admin: the groups come from
 * listGroups (those named after a platform service), their topics from their committed offsets
 * (fetchOffsets) and their members' current assignments (describeGroups), the ends from
 * fetchTopicOffsets.
 */
@Injectable()
export class ConsumerLagService {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(OPS_CONSUMER_SERVICES) private readonly services: OpsConsumerServices,
  ) {}

  async lag(): Promise<{ groups: GroupLag[] }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const listed = await admin.listGroups();
      const ours = listed.groups
        .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
        .map((g) => g.groupId)
        .filter((g) => serviceOfGroup(g, this.services))
        .sort();
      if (ours.length === 0) return { groups: [] };
      const existing = new Set(await admin.listTopics());
      const described = await admin.describeGroups(ours);
      const ends = new Map<string, Map<number, { low: number; high: number }>>();
      const endsOf = async (topic: string) => {
        if (!ends.has(topic)) {
          const offsets = await admin.fetchTopicOffsets(topic);
          ends.set(topic, new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
        }
        return ends.get(topic)!;
      };
      const groups: GroupLag[] = [];
      for (const group of ours) {
        const committed = new Map<string, Map<number, number>>();
        for (const t of await admin.fetchOffsets({ groupId: group })) {
          committed.set(t.topic, new Map(t.partitions.filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)])));
        }
        const topics = new Set(committed.keys());
        for (const m of described.groups.find((g) => g.groupId === group)?.members ?? []) {
          if (!m.memberAssignment?.length) continue;
          const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          for (const t of Object.keys(assignment?.assignment ?? {})) topics.add(t);
        }
        const topicLags: TopicLag[] = [];
        for (const topic of [...topics].filter((t) => existing.has(t)).sort()) {
          const partitions: PartitionLag[] = [...(await endsOf(topic)).entries()]
            .sort(([a], [b]) => a - b)
            .map(([partition, { low, high }]) => {
              const c = committed.get(topic)?.get(partition) ?? null;
              return { partition, committed: c, end: high, lag: partitionLag(c, low, high) };
            });
          topicLags.push({ topic, partitions, lag: partitions.reduce((n, p) => n + p.lag, 0) });
        }
        groups.push({
          group,
          service: serviceOfGroup(group, this.services)!,
          topics: topicLags,
          lag: topicLags.reduce((n, t) => n + t.lag, 0),
        });
      }
      return { groups };
    } finally {
      await admin.disconnect();
    }
  }
}
