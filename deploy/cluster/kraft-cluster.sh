#!/usr/bin/env bash
# Starts a KRaft cluster of plain broker processes (Kafka's own kafka.Kafka from the Maven
# dependencies, no Docker, no Kafka download): N nodes (default 3), each broker and controller,
# replication 3, min.insync.replicas 2. Prints bootstrap.servers; Ctrl-C (or SIGTERM) stops every
# node. FailoverIT runs two StopPay instances on this cluster and kills one.
#   deploy/cluster/kraft-cluster.sh [nodes] [data-dir]
# Environment, all optional:
#   KRAFT_PORT_BASE  node i listens on base+2(i-1) (clients) and the port after it (controller);
#                    default 19093
#   KRAFT_CLASSPATH  Kafka's classpath; default: stream-app's dependencies, as Maven resolves them
#   KRAFT_JAVA_OPTS  JVM options of every node; default -Xmx512m
set -euo pipefail
nodes="${1:-3}"
dir="${2:-$(mktemp -d -t kraft-XXXX)}"
base="${KRAFT_PORT_BASE:-19093}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cluster_id="U3RvcFBheUtyYWZ0Q2x1c3Rlcg"
mkdir -p "$dir"

if [[ -n ${KRAFT_CLASSPATH:-} ]]; then
  cp="$KRAFT_CLASSPATH"
else
  (cd "$root" && mvn -q -pl stream-app dependency:build-classpath -Dmdep.outputFile="$dir/classpath" >/dev/null)
  # stream-app's logback.xml keeps the brokers at INFO.
  cp="$root/stream-app/src/main/resources:$(cat "$dir/classpath")"
fi
read -ra java_opts <<< "${KRAFT_JAVA_OPTS:--Xmx512m}"

client_port() { echo $((base + 2 * ($1 - 1))); }
controller_port() { echo $((base + 2 * ($1 - 1) + 1)); }

voters=""
bootstrap=""
for i in $(seq 1 "$nodes"); do
  voters="${voters:+$voters,}$i@localhost:$(controller_port "$i")"
  bootstrap="${bootstrap:+$bootstrap,}localhost:$(client_port "$i")"
done

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
for i in $(seq 1 "$nodes"); do
  # Internal topics of 5 partitions instead of 50: a local cluster starts in seconds.
  cat > "$dir/node-$i.properties" <<PROPS
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://localhost:$(client_port "$i"),CONTROLLER://localhost:$(controller_port "$i")
advertised.listeners=PLAINTEXT://localhost:$(client_port "$i")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/node-$i
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=5
# A dead producer's open transaction blocks its readers until the broker aborts it: look for
# expired transactions every second, not every 10 s (the default), or failover takes up to 10 s more.
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
group.initial.rebalance.delay.ms=0
# Under transactions v2 a transaction's first write to a partition waits for the previous
# transaction's markers. Let the broker wait for them (retrying every 20 ms) for up to 2 s instead of
# answering CONCURRENT_TRANSACTIONS after 100 ms (the default) and leaving the retry to the client.
add.partitions.to.txn.retry.backoff.max.ms=2000
PROPS
  if ! java -Xmx256m -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/node-$i.properties" \
      --ignore-formatted > "$dir/format-$i.log" 2>&1; then
    echo "kraft-cluster.sh: formatting node $i failed, see $dir/format-$i.log" >&2
    exit 1
  fi
done
for i in $(seq 1 "$nodes"); do
  java "${java_opts[@]}" -cp "$cp" kafka.Kafka "$dir/node-$i.properties" > "$dir/kafka-$i.log" 2>&1 &
  pids+=($!)
done
echo "bootstrap.servers=$bootstrap"
echo "(logs and data in $dir; Ctrl-C stops the cluster)"
wait
