"""verity_training: labels.v1 → a JSONL training file; a release in S3 → checked files.

  python3 -m verity_training labels --out train.jsonl [--project P] [--from beginning|TIME|MS] [--follow]
  python3 -m verity_training release s3://verity/releases/<project>/<release>/ [--download DIR]

Exit codes: 0 done; 1 a release file differs from its manifest (named on stderr);
2 bad arguments or settings; 3 Kafka, S3 or decoding failed.
"""

import argparse
import os
import signal
import sys

EXIT_MISMATCH = 1
EXIT_USAGE = 2
EXIT_FAILED = 3


def _stop(*_):
    raise KeyboardInterrupt


def _labels(args):
    from confluent_kafka import KafkaException

    from .contracts import ContractsError, load_labels_module
    from .labels_topic import LabelsReader, parse_start
    from .training_file import TrainingFileBuilder

    brokers = args.brokers or os.environ.get("KAFKA_BROKERS")
    if not brokers:
        print("--brokers: not given and KAFKA_BROKERS is not set", file=sys.stderr)
        return EXIT_USAGE
    start = parse_start(args.start)
    try:
        pb = load_labels_module(args.proto_dir)
    except ContractsError as err:
        print(str(err), file=sys.stderr)
        return EXIT_USAGE
    builder = TrainingFileBuilder(pb, args.project)
    reader = LabelsReader(brokers, start, topic=args.topic)
    # --follow runs until SIGINT or SIGTERM, then writes the file.
    signal.signal(signal.SIGTERM, _stop)
    try:
        read = reader.read(lambda value, msg: builder.add_value(value, f"[{msg.partition()}]@{msg.offset()}"), follow=args.follow)
    except KeyboardInterrupt:
        read = builder.labels.seen + builder.skipped_other_projects
    except (KafkaException, ValueError) as err:
        print(f"labels.v1: {err}", file=sys.stderr)
        return EXIT_FAILED
    tmp = f"{args.out}.partial"
    with open(tmp, "w", encoding="utf-8") as out:
        written = builder.write(out)
    os.replace(tmp, args.out)
    excluded = len(builder.labels.excluded_keys())
    print(
        f"labels.v1 from {start}: {read} records read, {builder.labels.seen} of "
        f"{args.project or 'every project'}; {written} labels in force, {excluded} (item, question) excluded → {args.out}",
        file=sys.stderr,
    )
    return 0


def _release(args):
    from botocore.exceptions import BotoCoreError, ClientError

    from .release_check import ReleaseCheckError, check_release, parse_location, release_path, s3_client_from_env

    try:
        bucket, prefix = parse_location(args.location, os.environ.get("S3_BUCKET"))
    except ReleaseCheckError as err:
        print(str(err), file=sys.stderr)
        return EXIT_USAGE
    if args.download:
        os.makedirs(args.download, exist_ok=True)
    try:
        manifest = check_release(s3_client_from_env(), bucket, prefix, args.download, args.manifest_sha256)
    except ReleaseCheckError as err:
        print(f"release check failed: {err}", file=sys.stderr)
        return EXIT_MISMATCH
    except (BotoCoreError, ClientError) as err:
        print(f"s3://{bucket}/{prefix}: {err}", file=sys.stderr)
        return EXIT_FAILED
    names = ", ".join(release_path(prefix, f["key"]) for f in manifest["files"])
    print(f"release {manifest.get('release_id')}: {manifest.get('label_count')} labels; sha256 ok: manifest.json, {names}", file=sys.stderr)
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m verity_training", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("labels", help="consume labels.v1 and write a JSONL training file")
    lab.add_argument("--out", required=True, help="the JSONL file to write")
    lab.add_argument("--project", help="keep only this project's labels (envelope.project_id)")
    lab.add_argument("--from", dest="start", default="beginning", help="'beginning' (default), an ISO 8601 time or epoch ms")
    lab.add_argument("--follow", action="store_true", help="keep reading until SIGINT/SIGTERM, then write")
    lab.add_argument("--brokers", help="host:port,… (default: KAFKA_BROKERS)")
    lab.add_argument("--topic", default="labels.v1", help=argparse.SUPPRESS)
    lab.add_argument("--proto-dir", help="Verity's proto/ folder (default: VERITY_PROTO_DIR or the repository's)")
    rel = sub.add_parser("release", help="check a release's files against its manifest")
    rel.add_argument("location", help="s3://bucket/releases/<project>/<release>/ or a key prefix in S3_BUCKET")
    rel.add_argument("--download", help="also save the checked files in this folder")
    rel.add_argument("--manifest-sha256", help="the manifest's sha256 (from releases.v1 or the API), checked too")
    args = p.parse_args(argv)
    return _labels(args) if args.command == "labels" else _release(args)


if __name__ == "__main__":
    sys.exit(main())
