#!/bin/sh
# tests/xterm/run.sh BUILD — the scan viewer's sixel output in a real
# terminal: xterm as a VT340 with sixel graphics under Xvfb, keys typed
# through XTEST (xkeys.py), screenshots with xwd + convert. The viewer's
# picture area must show the scan (match.py: the decoded scan fitted to
# the area at the terminal's cell geometry, within a tolerance; the same
# check on the screen before the viewer opened must fail), and closing
# the viewer must leave the detail screen as it was, pixel for pixel.
# Skipped, saying so, where Xvfb or xterm cannot start.
TNAME=xterm
XT=$(cd "$(dirname "$0")" && pwd)
. "$XT/../console/lib.sh"
HERE=$ROOT/tests/console   # seed.sql
case $BUILD in
*asan*) echo "xterm: 0 passed, 0 failed (skipped: the plain pass runs the viewer in xterm)"; exit 0 ;;
esac
for t in Xvfb xterm xwd convert xwininfo; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "xterm: 0 passed, 0 failed (skipped: $t is not installed; make deps)"
		exit 0
	fi
done
py=/usr/bin/python3
xvfb_pid=
xterm_pid=
cleanup() {
	[ -n "$xterm_pid" ] && kill "$xterm_pid" 2>/dev/null
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
	rm -rf "$T"
}
setup
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp -noreset \
	3>"$T/display" >"$T/xvfb.log" 2>&1 &
xvfb_pid=$!
deadline=$(within 10)
while [ ! -s "$T/display" ] && kill -0 "$xvfb_pid" 2>/dev/null; do
	[ "$(date +%s)" -ge "$deadline" ] && break
	sleep 0.1
done
if [ ! -s "$T/display" ]; then
	sed 's/^/    | /' "$T/xvfb.log" | tail -5
	echo "xterm: 0 passed, 0 failed (skipped: Xvfb cannot start here)"
	exit 0
fi
DISPLAY=:$(cat "$T/display")
export DISPLAY

# One scan on application 1: the ID card front, in colour.
scan=$ROOT/etc/demo/scans/id-front.jpg
sha=$(sha256sum "$scan" | cut -d' ' -f1)
mkdir -p "$T/var/blobs/$(echo "$sha" | cut -c1-2)"
cp "$scan" "$T/var/blobs/$(echo "$sha" | cut -c1-2)/$sha"
sql "DELETE FROM files WHERE version_id=(SELECT id FROM app_versions WHERE app_id=1 AND version=1);
     INSERT INTO files(version_id,role,path,sha256,size,content_type,width,height)
     SELECT id,'id_front','id-front.jpg','$sha',$(wc -c <"$scan"),'image/jpeg',856,540
     FROM app_versions WHERE app_id=1 AND version=1" >/dev/null
printf '[viewer]\ngraphics = sixel\n' >>"$T/radesk.conf"

cols=100 rows=30
xterm -display "$DISPLAY" -ti vt340 -xrm 'XTerm*decTerminalID: vt340' \
	-xrm 'XTerm*sixelScrolling: true' -xrm 'XTerm*numColorRegisters: 256' \
	-xrm 'XTerm*cursorBlink: false' -bg white -fg black -b 0 -bw 0 \
	-fa 'DejaVu Sans Mono' -fs 11 -geometry ${cols}x${rows}+0+0 \
	-title radesk-xterm -e sh -c "$(console_cmd alice en_US.UTF-8)" \
	>"$T/xterm.log" 2>&1 &
xterm_pid=$!
deadline=$(within 15)
until xwininfo -name radesk-xterm >"$T/win" 2>/dev/null; do
	if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$xterm_pid" 2>/dev/null; then
		sed 's/^/    | /' "$T/xterm.log" | tail -5
		echo "xterm: 0 passed, 0 failed (skipped: xterm cannot start on Xvfb)"
		exit 0
	fi
	sleep 0.1
done
check "xterm as a VT340 on Xvfb $DISPLAY" true
W=$(sed -n 's/ *Width: //p' "$T/win")
H=$(sed -n 's/ *Height: //p' "$T/win")
cw=$((W / cols)) ch=$((H / rows))
echo "    (window ${W}x${H}, cell ${cw}x${ch})"

shot() { xwd -root -silent | convert xwd:- -crop "${W}x${H}+0+0" +repage "$T/$1.png"; }
# settle NAME: wait (up to 10 s) until two screenshots half a second apart
# are the same and NAME differs from PREV (if given), then keep it.
settle() {
	dl=$(within 10)
	while :; do
		shot s1
		sleep 0.5
		shot s2
		if cmp -s "$T/s1.png" "$T/s2.png" &&
			{ [ -z "${2:-}" ] || ! cmp -s "$T/s2.png" "$T/$2.png"; }; then
			break
		fi
		[ "$(date +%s)" -ge "$dl" ] && break
	done
	mv "$T/s2.png" "$T/$1.png"
}
keys() { $py "$XT/xkeys.py" "$DISPLAY" $((W / 2)) $((H / 2)) "$@"; }
shot blank
# wait_radesk: until the console process runs
deadline=$(within 10)
until pgrep -f -- "$PROC" >/dev/null; do
	[ "$(date +%s)" -ge "$deadline" ] && break
	sleep 0.1
done
settle queue blank
keys slash text:RA20261117-0001 Return Return
settle before queue
keys o
settle viewer before
# The picture area: up to the panel (COLS - 37), below the title row,
# above the key bar.
ax=0 ay=$ch aw=$(((cols - 37) * cw)) ah=$(((rows - 3) * ch))
check "the viewer's area shows the scan (sixel, real pixels)" \
	$py "$XT/match.py" "$T/viewer.png" "$scan" $ax $ay $aw $ah 32
check "the same check fails on the screen before the viewer" \
	sh -c "! $py '$XT/match.py' '$T/before.png' '$scan' $ax $ay $aw $ah 32 >/dev/null"
keys q
settle after viewer
check "closing the viewer leaves the screen as it was, pixel for pixel" $py - \
	"$T/before.png" "$T/after.png" <<'PY'
import sys
from PIL import Image, ImageChops
a, b = (Image.open(p).convert("RGB") for p in sys.argv[1:3])
d = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
n = sum(1 for v in d.getdata() if v)
print("    %d pixels differ; bbox %s" % (n, d.getbbox()))
sys.exit(0 if n == 0 else 1)
PY
kill "$xterm_pid" 2>/dev/null
xterm_pid=
[ -n "${XT_KEEP:-}" ] && cp "$T"/*.png "$XT_KEEP"/
finish
