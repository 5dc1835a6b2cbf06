"""The labels in force: the highest label_version per (item, question), EXCLUDED honoured."""

from dataclasses import dataclass, field

# LabelStatus values of proto/verity/labels/v1/labels.proto.
LABEL_STATUS_ACTIVE = 1
LABEL_STATUS_EXCLUDED = 2


@dataclass
class LatestLabels:
    """Folds label versions, in any order and with duplicates (delivery is at-least-once).

    A (item, question) whose highest version is EXCLUDED is withdrawn: no version of it is
    trained on. An erasure excludes every question of the item, so the item leaves the file.
    """

    latest: dict = field(default_factory=dict)
    seen: int = 0

    def add(self, key, label_version, status, row):
        """key = (item_id, question_id); row is whatever the caller wants written for it."""
        self.seen += 1
        current = self.latest.get(key)
        if current is None or label_version > current[0]:
            self.latest[key] = (label_version, status, row)

    def in_force(self):
        """(key, row) of every (item, question) whose highest version is active, in key order."""
        return [
            (key, row)
            for key, (_, status, row) in sorted(self.latest.items())
            if status == LABEL_STATUS_ACTIVE
        ]

    def excluded_keys(self):
        return sorted(key for key, (_, status, _) in self.latest.items() if status == LABEL_STATUS_EXCLUDED)
