#!/usr/bin/env bash
# One line per component of the local stack; exits 0 only when all of them are healthy.
# Zipkin (optional) has a line only when it runs or was started.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_stack_env
init_paths

rc=0
owner() { # <pidfile> <pattern>
  if pid_alive "$1" "$2"; then echo "deploy/local, pid $(pid_of "$1")"; else echo "not started by deploy/local"; fi
}

if kafka_healthy; then
  echo "kafka     healthy    $KAFKA_BROKERS ($(owner "$KAFKA_PID" kafka.Kafka))"
else
  echo "kafka     DOWN       $KAFKA_BROKERS (log: $LOG_DIR/kafka.log)"
  rc=1
fi

if s3_healthy; then
  echo "s3        healthy    $S3_ENDPOINT bucket $S3_BUCKET ($(owner "$S3PROXY_PID" org.gaul.s3proxy.Main))"
else
  echo "s3        DOWN       $S3_ENDPOINT (log: $LOG_DIR/s3proxy.log)"
  rc=1
fi

db=$DATABASE_URL
[[ -s $STATE_DIR/database-url ]] && db=$(<"$STATE_DIR/database-url")
if [[ -f $PG_MANAGED ]]; then pg_owner="deploy/local, $PG_DIR"; else pg_owner="not started by deploy/local"; fi
if pg_answers "$db"; then
  echo "postgres  healthy    $(redact_url "$db") ($pg_owner)"
else
  echo "postgres  DOWN       $(redact_url "$db") ($pg_owner; log: $LOG_DIR/postgres.log)"
  rc=1
fi

# Zipkin is optional: a line only when it answers or start.sh meant it to run.
if zipkin_healthy; then
  echo "zipkin    healthy    $(zipkin_url) ($(owner "$ZIPKIN_PID" "$ZIPKIN_PATTERN"))"
elif [[ -f $ZIPKIN_URL_FILE ]] || pid_alive "$ZIPKIN_PID" "$ZIPKIN_PATTERN"; then
  echo "zipkin    DOWN       $(zipkin_url) (log: $LOG_DIR/zipkin.out)"
  rc=1
fi
exit $rc
