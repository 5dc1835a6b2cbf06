"""Reads labels.v1 with confluent-kafka, from a chosen point up to the end offsets at start."""

import sys
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, TopicPartition

LABELS_TOPIC = "labels.v1"
LABEL_EVENT_TYPE = "verity.labels.v1.LabelEvent"


class StartPoint:
    """Where to start in every partition: the beginning, or the first record at/after a time."""

    def __init__(self, timestamp_ms=None):
        self.timestamp_ms = timestamp_ms

    def __str__(self):
        return "beginning" if self.timestamp_ms is None else f"timestamp {self.timestamp_ms} ms"


def _header(msg, name):
    for k, v in msg.headers() or []:
        if k == name:
            return v.decode("utf-8") if isinstance(v, bytes) else v
    return None


class LabelsReader:
    """Assigns every partition of labels.v1 (no consumer group offsets are committed)."""

    def __init__(self, brokers, start, topic=LABELS_TOPIC, timeout_s=30.0):
        self.topic = topic
        self.start = start
        self.timeout_s = timeout_s
        self.consumer = Consumer(
            {
                "bootstrap.servers": brokers,
                # Assigned partitions, no commits: the group id only names the client to the broker.
                "group.id": f"verity-training-{uuid.uuid4()}",
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
            }
        )

    def _partitions(self):
        md = self.consumer.list_topics(self.topic, timeout=self.timeout_s)
        t = md.topics.get(self.topic)
        if t is None or t.error is not None or not t.partitions:
            raise KafkaException(f"topic {self.topic}: not found ({t.error if t else 'no metadata'})")
        return sorted(t.partitions)

    def _start_offsets(self, partitions):
        if self.start.timestamp_ms is None:
            return {p: OFFSET_BEGINNING for p in partitions}
        asked = [TopicPartition(self.topic, p, self.start.timestamp_ms) for p in partitions]
        found = self.consumer.offsets_for_times(asked, timeout=self.timeout_s)
        # -1: no record at or after the time in that partition; start at its end.
        return {tp.partition: tp.offset for tp in found}

    def read(self, handle, follow=False, idle_s=1.0):
        """Calls handle(event_bytes, msg) for each labels.v1 record; returns the count read.

        Without follow, stops when every partition has reached the end offset it had at start.
        """
        partitions = self._partitions()
        ends = {}
        for p in partitions:
            _, high = self.consumer.get_watermark_offsets(TopicPartition(self.topic, p), timeout=self.timeout_s)
            ends[p] = high
        starts = self._start_offsets(partitions)
        pending = set()
        assign = []
        for p in partitions:
            s = starts[p]
            if s < 0 and s != OFFSET_BEGINNING:
                s = ends[p]
            assign.append(TopicPartition(self.topic, p, s))
            low, _ = self.consumer.get_watermark_offsets(TopicPartition(self.topic, p), timeout=self.timeout_s)
            first = low if s == OFFSET_BEGINNING else s
            if first < ends[p]:
                pending.add(p)
        self.consumer.assign(assign)
        count = 0
        try:
            while follow or pending:
                msg = self.consumer.poll(idle_s)
                if msg is None:
                    continue
                if msg.error():
                    raise KafkaException(msg.error())
                p, off = msg.partition(), msg.offset()
                if not follow and off >= ends[p]:
                    pending.discard(p)
                    continue
                kind = _header(msg, "verity-type")
                if kind is not None and kind != LABEL_EVENT_TYPE:
                    raise ValueError(f"{self.topic}[{p}]@{off}: header verity-type is {kind}, expected {LABEL_EVENT_TYPE}")
                handle(msg.value(), msg)
                count += 1
                if not follow and off + 1 >= ends[p]:
                    pending.discard(p)
        finally:
            self.consumer.close()
        return count


def parse_start(value):
    """'beginning', an ISO 8601 time (2026-01-31T12:00:00Z) or epoch milliseconds."""
    if value in (None, "", "beginning"):
        return StartPoint()
    if value.isdigit():
        return StartPoint(int(value))
    from datetime import datetime

    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        print(f"--from: {value!r} is not 'beginning', an ISO 8601 time or epoch milliseconds", file=sys.stderr)
        raise SystemExit(2)
    if at.tzinfo is None:
        print(f"--from: {value!r} has no time zone (add Z or +00:00)", file=sys.stderr)
        raise SystemExit(2)
    return StartPoint(int(at.timestamp() * 1000))
