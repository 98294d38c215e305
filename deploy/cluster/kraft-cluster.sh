#!/usr/bin/env bash
# Starts a KRaft cluster of plain broker processes (Kafka's own kafka.Kafka from the Maven
# dependencies, no Docker, no Kafka download): N nodes (default 3), each broker and controller,
# replication 3, min.insync.replicas 2. Prints bootstrap.servers; Ctrl-C stops every node.
#   deploy/cluster/kraft-cluster.sh [nodes] [data-dir]
# FailoverIT runs StopPay on the same cluster (system-tests/.../KraftCluster.java).
set -euo pipefail
nodes="${1:-3}"
dir="${2:-$(mktemp -d -t kraft-XXXX)}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cluster_id="U3RvcFBheUtyYWZ0Q2x1c3Rlcg"

cp_file="$dir/classpath"
mkdir -p "$dir"
(cd "$root" && mvn -q -pl stream-app dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null)
# stream-app's logback.xml keeps the brokers at INFO.
cp="$root/stream-app/src/main/resources:$(cat "$cp_file")"

voters=""
for i in $(seq 1 "$nodes"); do
  voters="${voters:+$voters,}$i@localhost:$((19092 + 2 * i))"
done
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
for i in $(seq 1 "$nodes"); do
  cat > "$dir/node-$i.properties" <<PROPS
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://localhost:$((19091 + 2 * i)),CONTROLLER://localhost:$((19092 + 2 * i))
advertised.listeners=PLAINTEXT://localhost:$((19091 + 2 * i))
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/node-$i
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
PROPS
  java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/node-$i.properties" --ignore-formatted \
    > "$dir/format-$i.log" 2>&1
  java -Xmx512m -cp "$cp" kafka.Kafka "$dir/node-$i.properties" > "$dir/kafka-$i.log" 2>&1 &
  pids+=($!)
done
bootstrap=""
for i in $(seq 1 "$nodes"); do bootstrap="${bootstrap:+$bootstrap,}localhost:$((19091 + 2 * i))"; done
echo "bootstrap.servers=$bootstrap   (logs and data in $dir; Ctrl-C stops the cluster)"
wait
