#!/usr/bin/env bash
# Starts the embedded local stack: Apache Kafka (KRaft, single node), S3Proxy (filesystem) and
# PostgreSQL (DATABASE_URL when it answers, else a cluster in .local/pg). Idempotent: what is
# already running and healthy is left alone. With VERITY_STACK=external nothing is started;
# the configured endpoints are only checked. With VERITY_ZIPKIN=1 it also starts a Zipkin server
# (in-memory) and records its URL in .local/state/zipkin-url, which scripts/stack-env.cjs exports
# to Node as ZIPKIN_URL. See deploy/local/README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_stack_env
init_paths
ensure_dirs
take_lock

if is_external; then
  rc=0
  if kafka_healthy; then echo "kafka     $KAFKA_BROKERS (external)"; else
    echo "kafka     $KAFKA_BROKERS UNREACHABLE (external)"
    rc=1
  fi
  if s3_healthy; then echo "s3        $S3_ENDPOINT bucket $S3_BUCKET (external)"; else
    echo "s3        $S3_ENDPOINT UNREACHABLE (external)"
    rc=1
  fi
  db=$(ensure_postgres) || rc=1
  [[ -n ${db:-} ]] && echo "postgres  $(redact_url "$db") (external)"
  if zipkin_wanted; then
    if zipkin_healthy; then
      zipkin_url >"$ZIPKIN_URL_FILE"
      echo "zipkin    $(zipkin_url) (external)"
    else
      rm -f "$ZIPKIN_URL_FILE"
      echo "zipkin    $(zipkin_url) UNREACHABLE (external)"
      rc=1
    fi
  fi
  exit $rc
fi

command -v "$JAVA_BIN" >/dev/null || die "java not found (Java 17+ is needed for Kafka and S3Proxy)"

# Launch the JVMs first, then wait for them together: start-up overlaps.
kafka_state=$(launch_kafka)
s3_state=$(launch_s3proxy)
# Zipkin only on demand; one started earlier (pid file) is kept and reported either way.
zipkin_state=off
if zipkin_wanted; then
  zipkin_state=$(launch_zipkin)
elif pid_alive "$ZIPKIN_PID" "$ZIPKIN_PATTERN"; then
  zipkin_state=running
else
  rm -f "$ZIPKIN_URL_FILE" "$ZIPKIN_PID" # a Zipkin that died without stop.sh
fi
db=$(ensure_postgres)

if [[ $kafka_state != external ]]; then
  wait_healthy kafka kafka_healthy "$KAFKA_PID" kafka.Kafka "$LOG_DIR/kafka.log"
fi
if [[ $s3_state != external ]]; then
  wait_healthy s3proxy s3_healthy "$S3PROXY_PID" org.gaul.s3proxy.Main "$LOG_DIR/s3proxy.out"
fi
if [[ $zipkin_state != off ]]; then
  if [[ $zipkin_state != external ]]; then
    wait_healthy zipkin zipkin_healthy "$ZIPKIN_PID" "$ZIPKIN_PATTERN" "$LOG_DIR/zipkin.out"
  fi
  zipkin_url >"$ZIPKIN_URL_FILE"
fi

describe() {
  case $1 in
    running) echo "already running, pid $(pid_of "$2")" ;;
    launched) echo "started, pid $(pid_of "$2")" ;;
    external) echo "answering on this address; not started by deploy/local" ;;
  esac
}
if [[ -f $PG_MANAGED && $db == "$(managed_pg_url)" ]]; then pg_note="local cluster $PG_DIR"; else pg_note=existing; fi
echo "kafka     $KAFKA_BROKERS (Kafka $KAFKA_VERSION, $(describe "$kafka_state" "$KAFKA_PID"))"
echo "s3        $S3_ENDPOINT bucket $S3_BUCKET (S3Proxy $S3PROXY_VERSION, $(describe "$s3_state" "$S3PROXY_PID"))"
echo "postgres  $(redact_url "$db") ($pg_note)"
if [[ $zipkin_state != off ]]; then
  echo "zipkin    $(zipkin_url) (Zipkin $ZIPKIN_VERSION, in-memory, $(describe "$zipkin_state" "$ZIPKIN_PID"))"
fi
