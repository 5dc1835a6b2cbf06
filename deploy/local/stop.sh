#!/usr/bin/env bash
# Stops what deploy/local/start.sh started (pid files): SIGTERM, then SIGKILL after a grace
# period. Never stops a Kafka, S3, Postgres or Zipkin it did not start. Idempotent.
#   stop.sh            everything
#   stop.sh kafka      only the broker (the broker-restart test uses this; start.sh brings it back)
#   stop.sh zipkin     only Zipkin (and forgets its URL, so services stop exporting spans)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_stack_env
init_paths
ensure_dirs
take_lock

case ${1:-all} in
  kafka) stop_pid kafka "$KAFKA_PID" kafka.Kafka "${VERITY_KAFKA_STOP_GRACE:-30}" ;;
  zipkin) stop_zipkin ;;
  all)
    stop_pid kafka "$KAFKA_PID" kafka.Kafka "${VERITY_KAFKA_STOP_GRACE:-30}"
    stop_pid s3proxy "$S3PROXY_PID" org.gaul.s3proxy.Main 10
    stop_zipkin
    stop_managed_pg
    ;;
  *) die "usage: stop.sh [kafka|zipkin]" ;;
esac
