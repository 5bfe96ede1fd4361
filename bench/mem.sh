#!/usr/bin/env bash
# mem.sh before|after|end: memory probes of the backend $BPID, called by bench/run.sh's psql
# scripts through \! (psql's \setenv BPID gives the backend's pid). Results go to $TMPD.
#   before: VmRSS, RssAnon; resets the peak (VmHWM, via /proc/PID/clear_refs) and starts memwatch.sh
#   after:  (right after the call, in its transaction) VmHWM, VmRSS, RssAnon, sampled peak RssAnon
#   end:    (after COMMIT) VmRSS, RssAnon
set -u
here=$(cd "$(dirname "$0")" && pwd)
st=/proc/$BPID/status
field() { awk -v k="$1:" '$1 == k {print $2}' "$st"; }
case $1 in
before)
	echo "$(field VmRSS) $(field RssAnon)" >"$TMPD/before"
	echo 5 >"/proc/$BPID/clear_refs" 2>/dev/null || true
	rm -f "$TMPD/watch" "$TMPD/watch.stop"
	nohup "$here/memwatch.sh" "$BPID" "$TMPD/watch" </dev/null >/dev/null 2>&1 &
	;;
after)
	echo "$(field VmHWM) $(field VmRSS) $(field RssAnon)" >"$TMPD/after"
	touch "$TMPD/watch.stop"
	for _ in $(seq 200); do [ -s "$TMPD/watch" ] && break; sleep 0.01; done
	;;
end)
	echo "$(field VmRSS) $(field RssAnon)" >"$TMPD/end"
	;;
esac
