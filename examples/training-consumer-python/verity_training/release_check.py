"""Reads a release from S3 with boto3 and checks every file against the manifest's sha256 and size."""

import hashlib
import json
import os

import boto3
from botocore.config import Config


class ReleaseCheckError(Exception):
    """A file of the release is missing or differs from its manifest entry."""


def s3_client_from_env(env=os.environ):
    """The S3 settings Verity's services use: S3_ENDPOINT (unset: AWS), S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY."""
    return boto3.client(
        "s3",
        endpoint_url=env.get("S3_ENDPOINT") or None,
        region_name=env.get("S3_REGION", "us-east-1"),
        aws_access_key_id=env.get("S3_ACCESS_KEY_ID") or None,
        aws_secret_access_key=env.get("S3_SECRET_ACCESS_KEY") or None,
        config=Config(s3={"addressing_style": "path"}),
    )


def parse_location(location, default_bucket=None):
    """'s3://bucket/releases/<project>/<release>/' or a key prefix (bucket from S3_BUCKET) → (bucket, prefix/)."""
    if location.startswith("s3://"):
        bucket, _, prefix = location[len("s3://") :].partition("/")
    else:
        bucket, prefix = default_bucket, location
    if not bucket:
        raise ReleaseCheckError(f"release {location!r}: no bucket (give s3://bucket/prefix/ or set S3_BUCKET)")
    prefix = prefix.strip("/")
    if not prefix:
        raise ReleaseCheckError(f"release {location!r}: no key prefix")
    return bucket, prefix + "/"


def _read(s3, bucket, key, out_path=None):
    """sha256 (hex) and size of an object, streamed; the bytes are kept only when out_path is given."""
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
    except s3.exceptions.NoSuchKey as err:
        raise ReleaseCheckError(f"{key}: missing in bucket {bucket}") from err
    h = hashlib.sha256()
    size = 0
    sink = open(out_path, "wb") if out_path else None
    try:
        for chunk in iter(lambda: body.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
            if sink:
                sink.write(chunk)
    finally:
        if sink:
            sink.close()
    return h.hexdigest(), size


def release_path(prefix, key):
    """A file's path inside its release (data/train-00000-of-00001.parquet keeps its folder, so a
    download is a Hugging Face dataset folder); a key outside the prefix keeps its last segment.
    Refuses a path that would leave the download folder."""
    rel = key[len(prefix):] if key.startswith(prefix) else key.rsplit("/", 1)[-1]
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") for p in parts):
        raise ReleaseCheckError(f"{key}: not a file path inside the release")
    return rel


def check_release(s3, bucket, prefix, download_dir=None, manifest_sha256=None):
    """Checks the manifest (against manifest_sha256 when given) and every file it lists.

    Returns the manifest. Raises ReleaseCheckError naming the first file that differs; a file
    downloaded before the mismatch was found is removed.
    """
    key = f"{prefix}manifest.json"
    try:
        raw = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except s3.exceptions.NoSuchKey as err:
        raise ReleaseCheckError(f"{key}: missing in bucket {bucket}") from err
    if manifest_sha256 and hashlib.sha256(raw).hexdigest() != manifest_sha256:
        raise ReleaseCheckError(f"{key}: sha256 {hashlib.sha256(raw).hexdigest()} differs from the expected {manifest_sha256}")
    manifest = json.loads(raw)
    files = manifest.get("files")
    if not isinstance(files, list) or not files:
        raise ReleaseCheckError(f"{key}: lists no files")
    for f in files:
        out_path = os.path.join(download_dir, release_path(prefix, f["key"])) if download_dir else None
        if out_path:
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
        sha, size = _read(s3, bucket, f["key"], out_path)
        if sha != f["sha256"] or size != f["size"]:
            if out_path:
                os.remove(out_path)
            raise ReleaseCheckError(
                f"{f['key']}: sha256 {sha} ({size} bytes) differs from the manifest's {f['sha256']} ({f['size']} bytes)"
            )
    return manifest
