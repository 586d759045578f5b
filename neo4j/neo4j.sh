#!/usr/bin/env bash
# Start/stop a real Neo4j 5.26 for tests and development.
#
#   bash neo4j/neo4j.sh up       start in the background, wait until Bolt (and HTTP) answer
#                                (idempotent)
#   bash neo4j/neo4j.sh down     stop it (ok if it is not running)
#   bash neo4j/neo4j.sh status   say whether it is up (exit 0) or not (exit 1)
#   bash neo4j/neo4j.sh import ARGS...
#                                bulk import (Maven mode): stop the server if it runs, run
#                                `neo4j-admin database import full ARGS...` (org.neo4j.cli.AdminTool
#                                from the Maven classpath) into its data, start it again with that
#                                data. `kg load --bulk` writes the CSV files and passes the ARGS
#                                (--nodes=..., --relationships=..., --overwrite-destination=true neo4j).
#
# With a reachable Docker engine it uses docker-compose.yml (image neo4j:5-community); without
# one it builds neo4j/ with Maven (Java 17; dependencies cached in ~/.m2) and runs the embedded
# Community DBMS with Bolt and HTTP (Neo4j Browser at http://127.0.0.1:7474/browser/) as a plain
# background `java` process.
#
# Environment: NEO4J_PASSWORD (default kg-dev-password, >= 8 characters; or NEO4J_PASSWORD_FILE,
# a file whose first line is the password; never passed on a command line), NEO4J_BOLT_PORT
# (default 7687), NEO4J_HTTP_PORT (default 7474; 0 = no HTTP, Bolt only; Maven mode only),
# KG_NEO4J_KEEP=1 keeps the data of the previous run (default: wiped at `up`),
# KG_NEO4J_TIMEOUT seconds to wait for Bolt (default 300), KG_NEO4J_HEAP (JVM heap, default 2g:
# a 200k-relationship load needs ~1g of transaction state and query cache besides the rest),
# KG_NEO4J_PAGECACHE (default 512m), KG_NEO4J_JIT=full|quick (default full: C1+C2; quick = C1
# only, starts faster on a loaded 2-core machine but a load then costs ~2x the server CPU),
# KG_NEO4J_JAVA_OPTS extra JVM options, KG_NEO4J_MODE=maven|docker forces a mode,
# KG_NEO4J_RUN_DIR (default neo4j/run) where pid, logs and data live: a second server (e.g. a
# test that kills one) uses its own run dir and ports.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
RUN_DIR="${KG_NEO4J_RUN_DIR:-$HERE/run}"
PID_FILE="$RUN_DIR/neo4j.pid"
LOG_FILE="$RUN_DIR/neo4j.log"
READY_FILE="$RUN_DIR/ready"
MODE_FILE="$RUN_DIR/mode"
DATA_DIR="$RUN_DIR/data"
BUILD_LOG="$RUN_DIR/maven.log"
CLASSPATH_FILE="$HERE/target/classpath.txt"

if [[ -n "${NEO4J_PASSWORD_FILE:-}" && -z "${NEO4J_PASSWORD:-}" ]]; then
    NEO4J_PASSWORD="$(head -n 1 "$NEO4J_PASSWORD_FILE")"
fi
# Exported, never an argument: the server, the probe and neo4j-admin read it from the
# environment, so it does not show in `ps`.
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-kg-dev-password}"
BOLT_HOST=127.0.0.1
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
[[ "$HTTP_PORT" =~ ^[0-9]+$ ]] || { echo "neo4j.sh: NEO4J_HTTP_PORT must be a port number" >&2; exit 2; }
# What the ready file's third line must say for this configuration (empty: HTTP off).
HTTP_URI=""
(( HTTP_PORT == 0 )) || HTTP_URI="http://$BOLT_HOST:$HTTP_PORT"
TIMEOUT="${KG_NEO4J_TIMEOUT:-300}"
HEAP="${KG_NEO4J_HEAP:-2g}"
export KG_NEO4J_PAGECACHE="${KG_NEO4J_PAGECACHE:-512m}"
JIT="${KG_NEO4J_JIT:-full}"
[[ "$JIT" == full || "$JIT" == quick ]] || { echo "neo4j.sh: KG_NEO4J_JIT must be full or quick" >&2; exit 2; }

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }

# die MESSAGE [LOG...]: print the error (one argument) and the tail of each given log that has
# content.
die() {
    log "ERROR: $1"
    shift
    local file
    for file in "$@"; do
        if [[ -s "$file" ]]; then
            log "--- last lines of $file ---"
            tail -n 30 "$file" >&2
        fi
    done
    exit 1
}

# The server's own output, then Neo4j's debug log (where start-up errors are explained).
SERVER_LOGS=("$LOG_FILE" "$DATA_DIR/logs/debug.log")

python_bin() {
    # The project venv has the neo4j driver (full auth check); any python3 can do the handshake.
    if [[ -x "$ROOT/.venv/bin/python" ]]; then echo "$ROOT/.venv/bin/python"; else echo python3; fi
}

# Exit 0 when a Bolt server answers the handshake and, if the driver is installed, accepts the
# password with a query; the reason for a failure goes to stderr.
bolt_ready() {
    "$(python_bin)" "$HERE/bolt_ready.py" --host "$BOLT_HOST" --port "$BOLT_PORT" "$@"
}

# Exit 0 when the HTTP server (if this configuration has one) serves the discovery document.
http_ready() {
    [[ -z "$HTTP_URI" ]] || "$(python_bin)" "$HERE/bolt_ready.py" --http-only --http-url "$HTTP_URI/"
}

# Exit 0 when something accepts TCP connections on 127.0.0.1:$1.
port_taken() {
    (exec 3<>"/dev/tcp/$BOLT_HOST/$1") 2>/dev/null
}

docker_usable() {
    case "${KG_NEO4J_MODE:-auto}" in
        maven) return 1 ;;
        docker) return 0 ;;
    esac
    # `docker info` fails (or hangs) when the CLI is there but no engine answers.
    command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1 \
        && docker compose version >/dev/null 2>&1
}

compose() { docker compose -f "$ROOT/docker-compose.yml" --project-directory "$ROOT" "$@"; }

running_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    # A stale pid file (e.g. after a reboot) may name an unrelated process that reused the pid.
    if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q kg.neo4j.DevServer
    then
        return 1
    fi
    echo "$pid"
}

needs_build() {
    [[ -f "$CLASSPATH_FILE" && -d "$HERE/target/classes/kg/neo4j" ]] || return 0
    # Rebuild when the pom or the launcher source changed since the last build.
    [[ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$CLASSPATH_FILE" -type f -print -quit)" ]]
}

build() {
    command -v java >/dev/null || die "java not found (Java 17 is needed)"
    command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed)"
    log "building the launcher with Maven (first run downloads Neo4j into ~/.m2)"
    # -B and </dev/null: CI has no terminal and no standard input.
    if ! mvn -B -q -f "$HERE/pom.xml" compile </dev/null >"$BUILD_LOG" 2>&1; then
        die "Maven build failed (see $BUILD_LOG)" "$BUILD_LOG"
    fi
    touch "$CLASSPATH_FILE"
}

wait_until_ready() {
    local pid="$1" started=$SECONDS
    while (( SECONDS - started < TIMEOUT )); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            die "Neo4j (pid $pid) exited during start-up (log: $LOG_FILE)" "${SERVER_LOGS[@]}"
        fi
        if [[ -f "$READY_FILE" ]] && bolt_ready >/dev/null 2>&1 && http_ready >/dev/null 2>&1
        then
            return 0
        fi
        sleep 1
    done
    local reason
    reason="$({ bolt_ready >/dev/null && http_ready >/dev/null; } 2>&1 || true)"
    stop_pid "$pid"
    rm -f "$PID_FILE"
    local where="bolt://$BOLT_HOST:$BOLT_PORT${HTTP_URI:+ and $HTTP_URI}"
    die "Neo4j did not answer at $where within ${TIMEOUT}s ($reason)" "${SERVER_LOGS[@]}"
}

up_maven() {
    local pid
    if pid="$(running_pid)"; then
        # No ready file yet: another `up` is starting it; wait for that start.
        [[ -f "$READY_FILE" ]] || wait_until_ready "$pid"
        local running_uri running_http reason
        running_uri="$(sed -n 1p "$READY_FILE")"
        running_http="$(sed -n 3p "$READY_FILE")"
        if [[ "$running_uri" != "bolt://$BOLT_HOST:$BOLT_PORT" || "$running_http" != "$HTTP_URI" ]]
        then
            die "this tree's Neo4j (pid $pid) runs at $running_uri ${running_http:-without HTTP};\
 run \`bash neo4j/neo4j.sh down\` first"
        fi
        if ! reason="$(bolt_ready 2>&1 >/dev/null)"; then
            die "Neo4j (pid $pid) is up at $running_uri but refuses this login ($reason);\
 was it started with another NEO4J_PASSWORD? run \`bash neo4j/neo4j.sh down\` first"
        fi
        log "already up (pid $pid) at $running_uri${running_http:+, Browser $running_http/browser/}"
        return 0
    fi
    if bolt_ready >/dev/null 2>&1; then
        log "a Neo4j not started by this script already answers at bolt://$BOLT_HOST:$BOLT_PORT" \
            "with this password; using it"
        return 0
    fi
    if bolt_ready --handshake-only >/dev/null 2>&1; then
        die "port $BOLT_PORT is taken by a Bolt server that rejects NEO4J_PASSWORD; stop it first"
    fi
    # Checked here because Neo4j's own bind error only shows deep in its debug log.
    if (( HTTP_PORT != 0 )) && port_taken "$HTTP_PORT"; then
        die "HTTP port $HTTP_PORT is taken by another program; stop it, or choose another\
 port with NEO4J_HTTP_PORT (0 = no HTTP)"
    fi
    if needs_build; then build; fi
    if [[ "${KG_NEO4J_KEEP:-0}" != "1" ]]; then
        rm -rf "$DATA_DIR"
    fi
    mkdir -p "$DATA_DIR"
    rm -f "$READY_FILE"
    local started=$SECONDS
    write_java_args
    local -a java_opts
    read -r -a java_opts <<<"$(java_opts)"
    local -a http_arg=()
    (( HTTP_PORT == 0 )) || http_arg=("$BOLT_HOST:$HTTP_PORT")
    # setsid: the server must outlive this script and ignore the caller's Ctrl-C/hang-up.
    setsid nohup java "${java_opts[@]}" "@$RUN_DIR/java.args" kg.neo4j.DevServer \
        "$DATA_DIR" "$BOLT_HOST:$BOLT_PORT" "$READY_FILE" "${http_arg[@]}" \
        </dev/null >"$LOG_FILE" 2>&1 &
    pid=$!
    echo "$pid" >"$PID_FILE"
    echo maven >"$MODE_FILE"
    wait_until_ready "$pid"
    log "up: Neo4j $(sed -n 2p "$READY_FILE") at bolt://$BOLT_HOST:$BOLT_PORT" \
        "${HTTP_URI:+and $HTTP_URI (Browser: $HTTP_URI/browser/) }(pid $pid," \
        "$((SECONDS - started))s; log $LOG_FILE)"
}

# The classpath goes in an argument file so that `ps` shows a readable command line.
write_java_args() {
    printf -- '-cp "%s:%s"\n' "$HERE/target/classes" "$(cat "$CLASSPATH_FILE")" >"$RUN_DIR/java.args"
}

# The JVM options, space-separated. Full tiered JIT (C2) by default: C1 only (-XX:TieredStopAtLevel=1)
# starts faster on a loaded 2-core machine but makes every load cost about twice the server
# CPU. KG_NEO4J_JAVA_OPTS comes last so it can override anything.
java_opts() {
    local opts="-Xms512m -Xmx$HEAP -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
    [[ "$JIT" == quick ]] && opts+=" -XX:TieredStopAtLevel=1"
    echo "$opts ${KG_NEO4J_JAVA_OPTS:-}"
}

# import ARGS...: neo4j-admin database import full into this server's data (Maven mode).
import_maven() {
    local was_running=0 pid
    if pid="$(running_pid)"; then
        was_running=1
        down_maven
    fi
    if needs_build; then build; fi
    mkdir -p "$DATA_DIR/conf" "$RUN_DIR"
    # neo4j-admin reads NEO4J_HOME/conf/neo4j.conf; the embedded server keeps its data under the
    # same home (DATA_DIR), so the import lands where DevServer finds it on the next start.
    : >"$DATA_DIR/conf/neo4j.conf"
    write_java_args
    local -a opts
    read -r -a opts <<<"$(java_opts)"
    local started=$SECONDS
    log "importing with neo4j-admin database import full (log: $RUN_DIR/import.log)"
    if ! NEO4J_HOME="$DATA_DIR" NEO4J_CONF="$DATA_DIR/conf" java "${opts[@]}" "@$RUN_DIR/java.args" \
        org.neo4j.cli.AdminTool database import full --report-file="$RUN_DIR/import.report" "$@" \
        </dev/null >"$RUN_DIR/import.log" 2>&1
    then
        die "neo4j-admin import failed (log: $RUN_DIR/import.log)" "$RUN_DIR/import.log"
    fi
    log "imported in $((SECONDS - started))s"
    if (( was_running )) || [[ "${KG_NEO4J_START_AFTER_IMPORT:-1}" == 1 ]]; then
        KG_NEO4J_KEEP=1 up_maven
    fi
}

import_docker() {
    die "import runs neo4j-admin from the Maven classpath; with Docker, stop the container and run \
\`docker compose run --rm neo4j neo4j-admin database import full ...\` on files in /import"
}

# Ask the JVM to shut Neo4j down cleanly (shutdown hook), then force it after 60s.
stop_pid() {
    local pid="$1" waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null && (( waited < 60 )); do
        sleep 1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop within 60s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

down_maven() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PID_FILE" "$READY_FILE"
        log "not running"
        return 0
    fi
    stop_pid "$pid"
    rm -f "$PID_FILE" "$READY_FILE"
    log "stopped (pid $pid)"
}

up_docker() {
    local env_file="$ROOT/.env"
    [[ -f "$env_file" ]] || env_file="$ROOT/.env.example"
    log "starting neo4j:5-community with docker compose"
    echo docker >"$MODE_FILE"
    if [[ "${KG_NEO4J_KEEP:-0}" != "1" ]]; then
        compose --env-file "$env_file" down --volumes >/dev/null 2>&1 || true
    fi
    if ! compose --env-file "$env_file" up -d --wait --wait-timeout "$TIMEOUT"; then
        compose logs --tail 40 neo4j >&2 || true
        die "docker compose up failed (container log above)"
    fi
    log "up: bolt://$BOLT_HOST:$BOLT_PORT, Browser http://$BOLT_HOST:7474/browser/ (docker compose)"
}

down_docker() {
    compose down
    log "stopped (docker compose)"
}

main() {
    mkdir -p "$RUN_DIR"
    local command="${1:-}"
    local mode=maven
    if [[ "$command" == up ]]; then
        docker_usable && mode=docker
    elif [[ -f "$MODE_FILE" ]]; then
        mode="$(cat "$MODE_FILE")"
    fi
    case "$command" in
        up) "up_$mode" ;;
        down) "down_$mode" ;;
        import) shift; "import_$mode" "$@" ;;
        status)
            if bolt_ready; then
                if [[ -z "$HTTP_URI" ]]; then
                    log "up at bolt://$BOLT_HOST:$BOLT_PORT"
                elif http_ready; then
                    log "up at bolt://$BOLT_HOST:$BOLT_PORT, Browser at $HTTP_URI/browser/"
                else
                    log "up at bolt://$BOLT_HOST:$BOLT_PORT, but no Neo4j HTTP at $HTTP_URI"
                fi
            else
                log "down"
                exit 1
            fi
            ;;
        *)
            echo "usage: bash neo4j/neo4j.sh up|down|status|import ARGS..." >&2
            exit 2
            ;;
    esac
}

main "$@"
