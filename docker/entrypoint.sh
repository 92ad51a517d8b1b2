#!/bin/sh
# The image's entrypoint: gives V8's old generation the container's memory limit less a reserve,
# then replaces itself with the server (docs/benchmarks.md#heap-size-in-a-container).
#
# Node 20 sizes the heap from the cgroup limit itself, but as half the limit with a floor of
# 256 MiB (more than a 256 MiB container holds) and only where libuv finds the limit; an explicit
# --max-old-space-size makes the bound the same everywhere and visible. An operator's own
# --max-old-space-size in NODE_OPTIONS wins. CGROUP_ROOT and APP_MAIN exist for tests.
set -eu

cgroup_root=${CGROUP_ROOT:-/sys/fs/cgroup}
app_main=${APP_MAIN:-dist/src/main.js}

# Prints the file's number, nothing for "max", a missing file or anything else.
read_limit() {
  [ -r "$1" ] || return 0
  value=$(cat "$1")
  case $value in
    '' | *[!0-9]*) ;;
    *) echo "$value" ;;
  esac
}

# The container's memory limit in MiB, nothing when there is none: cgroup v2 (memory.max, or
# memory.high when lower, as libuv reads them), else cgroup v1. A limit at or above the machine's
# memory (cgroup v1 writes "no limit" as 2^63 rounded to a page) is no limit.
memory_limit_mb() {
  max=$(read_limit "$cgroup_root/memory.max")
  high=$(read_limit "$cgroup_root/memory.high")
  if [ -z "$max" ] && [ ! -e "$cgroup_root/memory.max" ]; then
    max=$(read_limit "$cgroup_root/memory/memory.limit_in_bytes")
  fi
  if [ -n "$high" ] && { [ -z "$max" ] || [ "$high" -lt "$max" ]; }; then max=$high; fi
  [ -n "$max" ] || return 0
  limit_mb=$((max / 1048576))
  machine_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  [ "$limit_mb" -lt "$machine_mb" ] || return 0
  echo "$limit_mb"
}

# Old-generation MiB for a limit in MiB: the limit less a reserve for the young generation, code and native
# memory (Node itself, sockets, HTTP/2 streams, response buffers, parked listings: 100-150 MiB measured with 17
# region tasks at once), a third of the limit but at least 128 MiB; never below 64 MiB.
heap_mb() {
  reserve=$(($1 / 3))
  [ "$reserve" -ge 128 ] || reserve=128
  heap=$(($1 - reserve))
  [ "$heap" -ge 64 ] || heap=64
  echo "$heap"
}

case " ${NODE_OPTIONS:-} " in
  *" --max-old-space-size="* | *" --max_old_space_size="*) exec node "$app_main" "$@" ;;
esac
limit_mb=$(memory_limit_mb)
if [ -n "$limit_mb" ]; then
  heap=$(heap_mb "$limit_mb")
  printf '{"time":"%s","level":"info","msg":"heap sized from the container memory limit","memory_limit_mb":%s,"max_old_space_size_mb":%s}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" "$limit_mb" "$heap" >&2
  exec node --max-old-space-size="$heap" "$app_main" "$@"
fi
exec node "$app_main" "$@"
