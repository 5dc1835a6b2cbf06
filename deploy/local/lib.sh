# shellcheck shell=bash
# Shared functions of deploy/local/{start,stop,status}.sh. Sourced, never run.
#
# Layout under $VERITY_LOCAL_DIR (default <repo>/.local, git-ignored):
#   jars/kafka-<v>/ jars/s3proxy-<v>/   jars fetched from Maven Central (once per version)
#   jars/zipkin-<v>/                     Zipkin server exec jar + its extracted form app/ (VERITY_ZIPKIN=1 only)
#   kafka/server.properties kafka/data/  rendered broker config and the KRaft log dirs
#   s3proxy/s3proxy.properties  s3/      rendered S3Proxy config and the objects (filesystem provider)
#   pg/ pg-socket/                       a Postgres cluster, only when DATABASE_URL does not answer
#   logs/                                kafka.log kafka.out s3proxy.log s3proxy.out zipkin.out postgres.log mvn-*.log
#   pids/                                kafka.pid s3proxy.pid zipkin.pid postgres.managed
#   state/                               database-url, zipkin-url (both read by scripts/stack-env.cjs), kafka-cluster-id

VERITY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY_DIR="$VERITY_ROOT/deploy/local"

log() { printf '[stack] %s\n' "$*" >&2; }
die() {
  printf '[stack] ERROR: %s\n' "$*" >&2
  exit 1
}

# Every key of stack.env is exported; the file only fills variables the environment leaves unset.
load_stack_env() {
  local line key value
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*([A-Z0-9_]+)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    if [[ -z ${!key+x} ]]; then
      export "$key=$value"
    else
      export "${key?}"
    fi
  done <"$DEPLOY_DIR/stack.env"
}

init_paths() {
  LOCAL_DIR=${VERITY_LOCAL_DIR:-$VERITY_ROOT/.local}
  [[ $LOCAL_DIR == /* ]] || LOCAL_DIR="$VERITY_ROOT/$LOCAL_DIR"
  LOG_DIR="$LOCAL_DIR/logs"
  PID_DIR="$LOCAL_DIR/pids"
  STATE_DIR="$LOCAL_DIR/state"
  JAR_DIR="$LOCAL_DIR/jars"
  KAFKA_DIR="$LOCAL_DIR/kafka"
  KAFKA_DATA_DIR="$KAFKA_DIR/data"
  S3PROXY_DIR="$LOCAL_DIR/s3proxy"
  S3_DATA_DIR="$LOCAL_DIR/s3"
  PG_DIR="$LOCAL_DIR/pg"
  PG_SOCKET_DIR="$LOCAL_DIR/pg-socket"
  KAFKA_JARS="$JAR_DIR/kafka-$KAFKA_VERSION"
  S3PROXY_JARS="$JAR_DIR/s3proxy-$S3PROXY_VERSION"
  ZIPKIN_JARS="$JAR_DIR/zipkin-$ZIPKIN_VERSION"
  KAFKA_PID="$PID_DIR/kafka.pid"
  ZIPKIN_PID="$PID_DIR/zipkin.pid"
  # Written by start.sh only while a Zipkin answers; scripts/stack-env.cjs turns it into ZIPKIN_URL.
  ZIPKIN_URL_FILE="$STATE_DIR/zipkin-url"
  ZIPKIN_HOST=127.0.0.1
  S3PROXY_PID="$PID_DIR/s3proxy.pid"
  PG_MANAGED="$PID_DIR/postgres.managed"
  JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  NODE_BIN="$VERITY_ROOT/node_modules/.bin/node"
  [[ -x $NODE_BIN ]] || NODE_BIN=node
  STACK_TIMEOUT=${VERITY_STACK_TIMEOUT:-120}

  # First broker of KAFKA_BROKERS is the one the embedded Kafka listens on.
  local first=${KAFKA_BROKERS%%,*}
  KAFKA_HOST=${first%:*}
  KAFKA_PORT=${first##*:}
  # S3_ENDPOINT = http://host:port
  local hostport=${S3_ENDPOINT#*://}
  hostport=${hostport%%/*}
  S3_HOST=${hostport%:*}
  S3_PORT=${hostport##*:}
  [[ $S3_PORT != "$hostport" ]] || S3_PORT=80
}

ensure_dirs() {
  mkdir -p "$LOG_DIR" "$PID_DIR" "$STATE_DIR" "$JAR_DIR"
}

# Serialises start/stop between concurrent callers (several engineers or test runs).
# fd 9 is closed in every daemon we launch so the lock never outlives the script.
take_lock() {
  exec 9>"$STATE_DIR/stack.lock"
  flock -w 600 9 || die "another deploy/local script holds $STATE_DIR/stack.lock for more than 10 minutes"
}

is_external() { [[ ${VERITY_STACK:-} == external ]]; }

# pid_alive <pidfile> <pattern>: the pid in the file runs and its command line contains pattern
# (guards against a recycled pid).
pid_alive() {
  local file=$1 pattern=$2 pid
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

pid_of() { cat "$1" 2>/dev/null || true; }

tcp_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

log_tail() {
  local file=$1
  if [[ -f $file ]]; then
    printf '[stack] --- last lines of %s ---\n' "$file" >&2
    tail -n 20 "$file" >&2 || true
  fi
}

# ---------------------------------------------------------------- jars (Maven Central)

# fetch_jars <pom dir> <version property> <version> <dest>
fetch_jars() {
  local pom_dir=$1 prop=$2 version=$3 dest=$4 name tmp
  [[ -f $dest/.complete ]] && return 0
  name=$(basename "$dest")
  command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install -y maven) to fetch $name"
  tmp="$dest.tmp.$$"
  rm -rf "$tmp"
  log "fetching $name from Maven Central (first run only; log: $LOG_DIR/mvn-$name.log)"
  if ! mvn -B -q -f "$pom_dir/pom.xml" dependency:copy-dependencies \
    "-D$prop=$version" -DincludeScope=runtime "-DoutputDirectory=$tmp" >"$LOG_DIR/mvn-$name.log" 2>&1; then
    log_tail "$LOG_DIR/mvn-$name.log"
    rm -rf "$tmp"
    die "could not fetch $name (see $LOG_DIR/mvn-$name.log)"
  fi
  rm -rf "$dest"
  mv "$tmp" "$dest"
  touch "$dest/.complete"
}

# render <template> <output> KEY=VALUE...: replaces @KEY@ in the template.
render() {
  local template=$1 out=$2 content pair
  shift 2
  content=$(<"$template")
  for pair in "$@"; do
    content=${content//@${pair%%=*}@/${pair#*=}}
  done
  printf '%s\n' "$content" >"$out.tmp"
  mv "$out.tmp" "$out"
}

# cds_opts <archive>: JVM flags for application class-data sharing. The first run of a JVM
# records the classes it loaded into the archive when it exits (stop.sh); later runs map the
# archive and start markedly faster on this two-core machine. A stale archive is ignored by the JVM.
cds_opts() {
  local jsa=$1
  if [[ ${VERITY_STACK_CDS:-1} != 1 ]]; then
    return
  elif [[ -s $jsa ]]; then
    printf '%s\n' "-XX:SharedArchiveFile=$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
  else
    printf '%s\n' "-XX:ArchiveClassesAtExit=$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
  fi
}

# ---------------------------------------------------------------- health probes

kafka_healthy() {
  tcp_open "$KAFKA_HOST" "$KAFKA_PORT" || return 1
  "$NODE_BIN" "$DEPLOY_DIR/kafka-health.cjs" 3000 >/dev/null 2>&1
}

# Any HTTP answer counts (S3Proxy answers 403 to an anonymous GET /).
s3_healthy() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${S3_ENDPOINT%/}/" 2>/dev/null) || true
  [[ -n $code && $code != 000 ]]
}

# Zipkin answers GET /health with {"status":"UP",...}.
zipkin_healthy() {
  curl -sf --max-time 2 "$(zipkin_url)/health" 2>/dev/null | grep -q '"UP"'
}

zipkin_url() { echo "http://$ZIPKIN_HOST:$ZIPKIN_PORT"; }

# Zipkin is optional: VERITY_ZIPKIN=1 turns it on for start.sh.
zipkin_wanted() { [[ ${VERITY_ZIPKIN:-0} == 1 ]]; }

pg_bin_dir() {
  if [[ -n ${PG_BIN:-} ]]; then
    echo "$PG_BIN"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  echo "${d:-/usr/bin}"
}

pg_tool() {
  local tool=$1
  if command -v "$tool" >/dev/null; then command -v "$tool"; else echo "$(pg_bin_dir)/$tool"; fi
}

# pg_answers <url>: select 1 succeeds.
pg_answers() {
  local url=$1 psql out
  psql=$(pg_tool psql)
  [[ -x $psql ]] || die "psql not found (install postgresql-client)"
  out=$(PGCONNECT_TIMEOUT=3 "$psql" "$url" -XAtqc 'select 1' 2>/dev/null) || return 1
  [[ $out == 1 ]]
}

managed_pg_url() { echo "postgres://postgres@127.0.0.1:$LOCAL_PG_PORT/test"; }

# ---------------------------------------------------------------- waiting

# wait_healthy <name> <probe fn> <pidfile or ""> <pattern> <log file>
wait_healthy() {
  local name=$1 probe=$2 pidfile=$3 pattern=$4 logfile=$5 deadline
  deadline=$((SECONDS + STACK_TIMEOUT))
  until "$probe"; do
    if [[ -n $pidfile ]] && ! pid_alive "$pidfile" "$pattern"; then
      log_tail "$logfile"
      die "$name exited during start-up; see $logfile"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$logfile"
      die "$name not healthy after ${STACK_TIMEOUT}s; see $logfile"
    fi
    sleep 0.5
  done
}

# stop_pid <name> <pidfile> <pattern> <grace seconds>: SIGTERM, then SIGKILL after the grace period.
stop_pid() {
  local name=$1 pidfile=$2 pattern=$3 grace=$4 pid deadline
  if ! pid_alive "$pidfile" "$pattern"; then
    rm -f "$pidfile"
    echo "$name: not running"
    return 0
  fi
  pid=$(<"$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) still running after ${grace}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$pidfile"
  echo "$name: stopped (pid $pid)"
}

# ---------------------------------------------------------------- Kafka

# Prints: running | external | launched
launch_kafka() {
  if pid_alive "$KAFKA_PID" kafka.Kafka; then
    echo running
    return
  fi
  rm -f "$KAFKA_PID"
  if tcp_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    if kafka_healthy; then
      echo external
      return
    fi
    die "port $KAFKA_HOST:$KAFKA_PORT is taken by a process that is not a Kafka broker we started (KAFKA_BROKERS=$KAFKA_BROKERS)"
  fi
  fetch_jars "$DEPLOY_DIR/maven/kafka" kafka.version "$KAFKA_VERSION" "$KAFKA_JARS"
  mkdir -p "$KAFKA_DATA_DIR"
  local conf="$KAFKA_DIR/server.properties"
  render "$DEPLOY_DIR/kafka/server.properties.template" "$conf" \
    "KAFKA_HOST=$KAFKA_HOST" "KAFKA_PORT=$KAFKA_PORT" \
    "KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" "KAFKA_DATA_DIR=$KAFKA_DATA_DIR"
  local jvm=(-Dkafka.logs.dir="$LOG_DIR" -Dlog4j2.configurationFile="$DEPLOY_DIR/kafka/log4j2.properties"
    -Djava.awt.headless=true -cp "$KAFKA_JARS/*")
  if [[ ! -f $KAFKA_DATA_DIR/meta.properties ]]; then
    local cid
    if [[ ! -s $STATE_DIR/kafka-cluster-id ]]; then
      # 16 random bytes, URL-safe base64 without padding: what kafka-storage random-uuid prints.
      cid=-
      while [[ $cid == -* ]]; do cid=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'); done
      echo "$cid" >"$STATE_DIR/kafka-cluster-id"
    fi
    cid=$(<"$STATE_DIR/kafka-cluster-id")
    log "formatting Kafka storage in $KAFKA_DATA_DIR (cluster id $cid)"
    "$JAVA_BIN" -Xmx256m "${jvm[@]}" kafka.tools.StorageTool format -t "$cid" -c "$conf" \
      --ignore-formatted >"$LOG_DIR/kafka-format.log" 2>&1 9>&- ||
      {
        log_tail "$LOG_DIR/kafka-format.log"
        die "kafka storage format failed; see $LOG_DIR/kafka-format.log"
      }
  fi
  local cds
  mapfile -t cds < <(cds_opts "$KAFKA_JARS/kafka.jsa")
  setsid "$JAVA_BIN" -Xms128m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 "${cds[@]}" "${jvm[@]}" kafka.Kafka "$conf" \
    >>"$LOG_DIR/kafka.out" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID"
  echo launched
}

# ---------------------------------------------------------------- S3Proxy

# Prints: running | external | launched
launch_s3proxy() {
  if pid_alive "$S3PROXY_PID" org.gaul.s3proxy.Main; then
    echo running
    return
  fi
  rm -f "$S3PROXY_PID"
  if tcp_open "$S3_HOST" "$S3_PORT"; then
    if s3_healthy; then
      echo external
      return
    fi
    die "port $S3_HOST:$S3_PORT is taken by a process that does not answer HTTP (S3_ENDPOINT=$S3_ENDPOINT)"
  fi
  fetch_jars "$DEPLOY_DIR/maven/s3proxy" s3proxy.version "$S3PROXY_VERSION" "$S3PROXY_JARS"
  mkdir -p "$S3PROXY_DIR" "$S3_DATA_DIR/$S3_BUCKET" # a bucket is a directory for the filesystem provider
  local conf="$S3PROXY_DIR/s3proxy.properties"
  render "$DEPLOY_DIR/s3proxy/s3proxy.properties.template" "$conf" \
    "S3_ENDPOINT=$S3_ENDPOINT" "S3_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID" \
    "S3_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY" "S3_DATA_DIR=$S3_DATA_DIR"
  chmod 600 "$conf"
  local cds
  mapfile -t cds < <(cds_opts "$S3PROXY_JARS/s3proxy.jsa")
  setsid "$JAVA_BIN" -Xms64m "-Xmx$S3PROXY_HEAP" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -XX:TieredStopAtLevel=1 "${cds[@]}" \
    -Djava.awt.headless=true -Ds3proxy.logs.dir="$LOG_DIR" \
    -Dlogback.configurationFile="$DEPLOY_DIR/s3proxy/logback.xml" \
    -cp "$S3PROXY_JARS/*" org.gaul.s3proxy.Main --properties "$conf" \
    >>"$LOG_DIR/s3proxy.out" 2>&1 </dev/null 9>&- &
  echo $! >"$S3PROXY_PID"
  echo launched
}

# ---------------------------------------------------------------- Zipkin (optional)

# Pattern that identifies our Zipkin JVM in /proc/<pid>/cmdline.
ZIPKIN_PATTERN=zipkin-server-

# The exec jar is a Spring Boot fat jar; classes loaded from its nested jars cannot go into a
# class-data-sharing archive. Extracting it once (Spring Boot's jarmode tools: app/<jar> with a
# Class-Path manifest + app/lib/) makes the CDS archive, and with it a quick start, possible.
prepare_zipkin() {
  local jar="$ZIPKIN_JARS/zipkin-server-$ZIPKIN_VERSION-exec.jar" app="$ZIPKIN_JARS/app"
  [[ -f $app/.complete ]] && return 0
  [[ -f $jar ]] || die "$jar missing (delete $ZIPKIN_JARS and start again)"
  rm -rf "$app" "$app.tmp"
  if ! "$JAVA_BIN" -Djarmode=tools -jar "$jar" extract --destination "$app.tmp" \
    >"$LOG_DIR/zipkin-extract.log" 2>&1 9>&-; then
    log_tail "$LOG_DIR/zipkin-extract.log"
    rm -rf "$app.tmp"
    die "could not extract $jar (see $LOG_DIR/zipkin-extract.log)"
  fi
  mv "$app.tmp" "$app"
  touch "$app/.complete"
}

# Prints: running | external | launched
launch_zipkin() {
  if pid_alive "$ZIPKIN_PID" "$ZIPKIN_PATTERN"; then
    echo running
    return
  fi
  rm -f "$ZIPKIN_PID"
  if tcp_open "$ZIPKIN_HOST" "$ZIPKIN_PORT"; then
    if zipkin_healthy; then
      echo external
      return
    fi
    die "port $ZIPKIN_HOST:$ZIPKIN_PORT is taken by a process that is not a Zipkin server (ZIPKIN_PORT=$ZIPKIN_PORT)"
  fi
  fetch_jars "$DEPLOY_DIR/maven/zipkin" zipkin.version "$ZIPKIN_VERSION" "$ZIPKIN_JARS"
  prepare_zipkin
  local cds
  mapfile -t cds < <(cds_opts "$ZIPKIN_JARS/zipkin.jsa")
  # In-memory storage, HTTP (and gRPC) collector on 127.0.0.1 only. Command-line properties win
  # over the environment, so variables that would switch on other storage, message-queue
  # collectors or Eureka registration (KAFKA_BOOTSTRAP_SERVERS, RABBIT_URI, ES_HOSTS, ...) cannot.
  # The armeria.ports list is given whole: Spring replaces a list, it does not merge it.
  setsid "$JAVA_BIN" -Xms64m "-Xmx$ZIPKIN_HEAP" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -XX:TieredStopAtLevel=1 "${cds[@]}" -Djava.awt.headless=true \
    -jar "$ZIPKIN_JARS/app/zipkin-server-$ZIPKIN_VERSION-exec.jar" \
    --zipkin.storage.type=mem "--zipkin.storage.mem.max-spans=$ZIPKIN_MAX_SPANS" \
    --zipkin.collector.kafka.enabled=false --zipkin.collector.rabbitmq.enabled=false \
    --zipkin.collector.activemq.enabled=false --zipkin.collector.pulsar.enabled=false \
    --zipkin.collector.scribe.enabled=false --zipkin.discovery.eureka.enabled=false \
    --zipkin.self-tracing.enabled=false "--server.port=$ZIPKIN_PORT" \
    "--armeria.ports[0].ip=$ZIPKIN_HOST" "--armeria.ports[0].port=$ZIPKIN_PORT" \
    "--armeria.ports[0].protocols[0]=http" --spring.main.banner-mode=off \
    >>"$LOG_DIR/zipkin.out" 2>&1 </dev/null 9>&- &
  echo $! >"$ZIPKIN_PID"
  echo launched
}

# Stops our Zipkin (a Zipkin we did not start is left alone) and forgets its URL either way.
stop_zipkin() {
  rm -f "$ZIPKIN_URL_FILE"
  stop_pid zipkin "$ZIPKIN_PID" "$ZIPKIN_PATTERN" 15
}

# ---------------------------------------------------------------- PostgreSQL

as_pg_user() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u "${VERITY_PG_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

# Starts (initdb once) the managed cluster in $PG_DIR on LOCAL_PG_PORT and creates db `test`.
start_managed_pg() {
  local bin owner
  bin=$(pg_bin_dir)
  [[ -x $bin/initdb && -x $bin/pg_ctl ]] || die "no PostgreSQL server binaries in $bin (set PG_BIN, or set DATABASE_URL to a running server)"
  owner=${VERITY_PG_USER:-postgres}
  [[ $EUID -eq 0 ]] && { id "$owner" >/dev/null 2>&1 || die "user $owner missing (needed to run postgres as non-root; set VERITY_PG_USER)"; }
  mkdir -p "$PG_DIR" "$PG_SOCKET_DIR"
  touch "$LOG_DIR/postgres.log"
  if [[ $EUID -eq 0 ]]; then
    chown "$owner" "$PG_DIR" "$PG_SOCKET_DIR" "$LOG_DIR/postgres.log"
    chmod 700 "$PG_DIR"
  fi
  if [[ ! -f $PG_DIR/PG_VERSION ]]; then
    log "initdb $PG_DIR"
    as_pg_user "$bin/initdb" -D "$PG_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      >>"$LOG_DIR/postgres.log" 2>&1 9>&- ||
      {
        log_tail "$LOG_DIR/postgres.log"
        die "initdb failed; see $LOG_DIR/postgres.log"
      }
  fi
  touch "$PG_MANAGED"
  as_pg_user "$bin/pg_ctl" -D "$PG_DIR" -l "$LOG_DIR/postgres.log" -w -t "$STACK_TIMEOUT" \
    -o "-p $LOCAL_PG_PORT -c listen_addresses=127.0.0.1 -k $PG_SOCKET_DIR" start \
    >/dev/null 9>&- ||
    {
      log_tail "$LOG_DIR/postgres.log"
      die "postgres did not start; see $LOG_DIR/postgres.log"
    }
  local base="postgres://postgres@127.0.0.1:$LOCAL_PG_PORT/postgres"
  if [[ $("$(pg_tool psql)" "$base" -XAtqc "select 1 from pg_database where datname = 'test'") != 1 ]]; then
    "$(pg_tool psql)" "$base" -Xqc 'create database test' >/dev/null
  fi
}

managed_pg_running() {
  [[ -f $PG_MANAGED && -f $PG_DIR/postmaster.pid ]] || return 1
  local pid
  pid=$(head -n 1 "$PG_DIR/postmaster.pid")
  kill -0 "$pid" 2>/dev/null
}

stop_managed_pg() {
  if [[ ! -f $PG_MANAGED ]]; then
    echo "postgres: not started by deploy/local (left alone)"
    return 0
  fi
  if managed_pg_running; then
    local bin
    bin=$(pg_bin_dir)
    as_pg_user "$bin/pg_ctl" -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg_user "$bin/pg_ctl" -D "$PG_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    echo "postgres: stopped ($PG_DIR)"
  else
    echo "postgres: not running"
  fi
  rm -f "$PG_MANAGED"
  if [[ -s $STATE_DIR/database-url && $(<"$STATE_DIR/database-url") == "$(managed_pg_url)" ]]; then
    rm -f "$STATE_DIR/database-url"
  fi
}

# Chooses the database: DATABASE_URL when it answers, else the managed cluster (started if needed).
# Writes the URL in use to state/database-url and prints it.
ensure_postgres() {
  local url
  if pg_answers "$DATABASE_URL"; then
    url=$DATABASE_URL
  elif is_external; then
    die "DATABASE_URL=$DATABASE_URL does not answer (VERITY_STACK=external: nothing is started)"
  else
    url=$(managed_pg_url)
    if ! pg_answers "$url"; then
      log "DATABASE_URL=$DATABASE_URL does not answer: starting a local PostgreSQL on 127.0.0.1:$LOCAL_PG_PORT"
      start_managed_pg
      pg_answers "$url" || die "postgres on $url does not answer; see $LOG_DIR/postgres.log"
    fi
  fi
  printf '%s\n' "$url" >"$STATE_DIR/database-url"
  echo "$url"
}

redact_url() { sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#' <<<"$1"; }
