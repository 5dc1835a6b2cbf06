"""labels.v1 events to the lines of a JSONL training file."""

import json

from google.protobuf.json_format import MessageToDict

from .latest_labels import LatestLabels


def label_row(ev):
    """The training line of one LabelEvent (protobuf JSON names for the answer, as releases use)."""
    content = ev.content
    return {
        "project_id": ev.envelope.project_id,
        "item_id": ev.item_id,
        "question_id": ev.question_id,
        "label_version": ev.label_version,
        "label": ev.label,
        "answer": MessageToDict(ev.answer, preserving_proto_field_name=True) if ev.HasField("answer") else None,
        "soft_label": dict(sorted(ev.soft_label.items())),
        "confidence": ev.confidence,
        "ontology_version": ev.ontology_version,
        "adjudicated": ev.adjudicated,
        "gold": ev.gold,
        "decided_at": ev.decided_at.ToJsonString() if ev.HasField("decided_at") else None,
        "label_event_id": ev.envelope.event_id,
        "source": content.source,
        "source_id": content.source_id,
    }


class TrainingFileBuilder:
    """Decodes labels.v1 values, keeps one project's labels (or all) and folds them."""

    def __init__(self, labels_pb2, project_id=None):
        self.pb = labels_pb2
        self.project_id = project_id
        self.labels = LatestLabels()
        self.skipped_other_projects = 0

    def add_value(self, value, where=""):
        ev = self.pb.LabelEvent()
        try:
            ev.ParseFromString(value)
        except Exception as err:  # DecodeError; the message names the record
            raise ValueError(f"labels.v1 {where}: not a LabelEvent ({err})") from err
        if self.project_id is not None and ev.envelope.project_id != self.project_id:
            self.skipped_other_projects += 1
            return
        if not ev.item_id or not ev.question_id or ev.label_version < 1:
            raise ValueError(f"labels.v1 {where}: item_id, question_id and label_version >= 1 are required")
        self.labels.add((ev.item_id, ev.question_id), ev.label_version, ev.status, label_row(ev))

    def write(self, out):
        """Writes the labels in force, one JSON object a line, in (item, question) order; returns the count."""
        rows = self.labels.in_force()
        for _, row in rows:
            out.write(json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            out.write("\n")
        return len(rows)
