#!/usr/bin/env bash
# memwatch.sh PID OUT: sample RssAnon (private resident memory, kB) of process PID
# every 10 ms until the file OUT.stop appears (or PID exits); write the largest
# value seen to OUT. Forks nothing while sampling, to stay off the CPU.
pid=$1 out=$2
max=0
fifo=$(mktemp -u "${TMPDIR:-/tmp}/memwatch.XXXXXX")
mkfifo "$fifo"
exec 3<>"$fifo"
rm -f "$fifo"
while [ ! -e "$out.stop" ] && [ -r "/proc/$pid/status" ]; do
	while read -r k v _; do
		if [ "$k" = "RssAnon:" ]; then
			[ "$v" -gt "$max" ] && max=$v
			break
		fi
	done <"/proc/$pid/status" 2>/dev/null || true
	read -r -t 0.01 -u 3 _ || true
done
echo "$max" >"$out"
