#!/usr/bin/env bash
# Stops what deploy/local/start.sh started (pid files): SIGTERM, then SIGKILL after a grace
# period. Never stops a Kafka, S3 or Postgres it did not start. Idempotent.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_stack_env
init_paths
ensure_dirs
take_lock

stop_pid kafka "$KAFKA_PID" kafka.Kafka "${VERITY_KAFKA_STOP_GRACE:-30}"
stop_pid s3proxy "$S3PROXY_PID" org.gaul.s3proxy.Main 10
stop_managed_pg
