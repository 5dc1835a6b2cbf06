import io
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from verity_training.contracts import load_labels_module  # noqa: E402
from verity_training.latest_labels import LABEL_STATUS_ACTIVE, LABEL_STATUS_EXCLUDED, LatestLabels  # noqa: E402
from verity_training.training_file import TrainingFileBuilder  # noqa: E402


class LatestLabelsTest(unittest.TestCase):
    def test_highest_version_wins_in_any_order_and_duplicates_are_harmless(self):
        f = LatestLabels()
        f.add(("i1", "q1"), 2, LABEL_STATUS_ACTIVE, "v2")
        f.add(("i1", "q1"), 1, LABEL_STATUS_ACTIVE, "v1")
        f.add(("i1", "q1"), 2, LABEL_STATUS_ACTIVE, "v2")
        f.add(("i0", "q1"), 1, LABEL_STATUS_ACTIVE, "a")
        self.assertEqual(f.in_force(), [(("i0", "q1"), "a"), (("i1", "q1"), "v2")])

    def test_excluded_highest_version_withdraws_every_version(self):
        f = LatestLabels()
        f.add(("i1", "q1"), 1, LABEL_STATUS_ACTIVE, "v1")
        f.add(("i1", "q1"), 2, LABEL_STATUS_EXCLUDED, "gone")
        f.add(("i1", "q2"), 1, LABEL_STATUS_ACTIVE, "kept")
        self.assertEqual(f.in_force(), [(("i1", "q2"), "kept")])
        self.assertEqual(f.excluded_keys(), [("i1", "q1")])


class TrainingFileTest(unittest.TestCase):
    """Encodes LabelEvents with the classes protoc makes from proto/, and folds them."""

    @classmethod
    def setUpClass(cls):
        cls.pb = load_labels_module()

    def event(self, project, item, question, version, label, status=LABEL_STATUS_ACTIVE):
        ev = self.pb.LabelEvent(item_id=item, question_id=question, label_version=version, status=status, label=label)
        ev.envelope.project_id = project
        ev.envelope.event_id = f"e-{item}-{question}-{version}"
        ev.answer.choice.option_ids.append(label)
        ev.soft_label[label] = 0.8
        ev.decided_at.FromJsonString("2026-01-02T03:04:05.678Z")
        return ev.SerializeToString()

    def test_one_project_latest_versions_erased_item_dropped(self):
        b = TrainingFileBuilder(self.pb, "p1")
        b.add_value(self.event("p1", "i1", "q1", 1, "spam"))
        b.add_value(self.event("p1", "i1", "q1", 2, "ham"))
        b.add_value(self.event("p2", "i1", "q1", 9, "other"))
        b.add_value(self.event("p1", "i2", "q1", 1, "spam"))
        b.add_value(self.event("p1", "i2", "q1", 2, "", LABEL_STATUS_EXCLUDED))
        out = io.StringIO()
        self.assertEqual(b.write(out), 1)
        row = json.loads(out.getvalue())
        self.assertEqual((row["item_id"], row["label"], row["label_version"]), ("i1", "ham", 2))
        self.assertEqual(row["answer"], {"choice": {"option_ids": ["ham"]}})
        self.assertEqual(row["decided_at"], "2026-01-02T03:04:05.678Z")
        self.assertEqual(b.skipped_other_projects, 1)

    def test_a_value_that_is_not_a_label_event_is_named(self):
        b = TrainingFileBuilder(self.pb)
        with self.assertRaisesRegex(ValueError, r"labels.v1 \[3\]@7: not a LabelEvent"):
            b.add_value(b"\xff\xff\xff", "[3]@7")


class ReleasePathTest(unittest.TestCase):
    def test_keeps_the_folder_inside_the_release_and_refuses_a_way_out(self):
        from verity_training.release_check import ReleaseCheckError, release_path

        pre = "releases/p1/r1/"
        self.assertEqual(release_path(pre, pre + "labels.jsonl"), "labels.jsonl")
        self.assertEqual(release_path(pre, pre + "data/train-00000-of-00001.parquet"), "data/train-00000-of-00001.parquet")
        self.assertEqual(release_path(pre, "elsewhere/x/labels.csv"), "labels.csv")
        for bad in (pre + "../../etc/passwd", pre + "data//x", pre):
            with self.assertRaises(ReleaseCheckError):
                release_path(pre, bad)


if __name__ == "__main__":
    unittest.main()
