"""A training job's side of Verity: labels.v1 to a JSONL training file, and release checks."""
