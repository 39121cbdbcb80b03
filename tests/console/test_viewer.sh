#!/bin/sh
# The scan viewer on real images in the blob store: open from the detail,
# zoom, rotate, the side panel (type, pixels, SHA-256 checked), next and
# previous file, a tampered blob shown as TAMPERED, a truncated scan with
# a clear message, and after closing the detail screen exactly as it was,
# with none of the picture's cells left behind. Then the same at 80x24,
# with the window resized while the viewer is open; "open with" running
# the configured command on the blob.
#
# Mostly in symbols mode: tmux has no kitty graphics, and TERM is pinned
# to xterm-256color, which [viewer] graphics = auto leaves on symbols. At
# the end sixel and kitty are configured by name and the pane's raw
# output is read to check how the pictures are written around curses.
. "$(dirname "$0")/lib.sh"
setup
SCANS=$ROOT/etc/demo/scans
BLOBS=$T/var/blobs

# put_blob FILE: store FILE content-addressed; prints its SHA-256.
put_blob() {
	sha=$(sha256sum "$1" | cut -d' ' -f1)
	mkdir -p "$BLOBS/$(echo "$sha" | cut -c1-2)"
	cp "$1" "$BLOBS/$(echo "$sha" | cut -c1-2)/$sha"
	echo "$sha"
}

# add_file ROLE PATH FILE TYPE W H: a scan of application 1 (version 1).
add_file() {
	sha=$(put_blob "$3")
	size=$(wc -c <"$3")
	sql "INSERT INTO files(version_id,role,path,sha256,size,content_type,
	       width,height) SELECT id,'$1','$2','$sha',$size,'$4',$5,$6
	     FROM app_versions WHERE app_id=1 AND version=1" >/dev/null
}

# A truncated upload: the applicant's file itself is cut short, so the
# manifest hash matches and only the decoder can tell.
head -c 20000 "$SCANS/form.jpg" >"$T/receipt.jpg"
sql "DELETE FROM files WHERE version_id=(SELECT id FROM app_versions
       WHERE app_id=1 AND version=1)" >/dev/null
# In the detail's order (role, path):
add_file application_form form.jpg "$SCANS/form.jpg" image/jpeg 800 1120
add_file business_license license.jpg "$SCANS/license-exif6.jpg" image/jpeg 1050 750
add_file id_back id-back.bmp "$SCANS/id-back.bmp" image/bmp 428 270
add_file id_front id-front.gif "$SCANS/id-front.gif" image/gif 428 270
add_file other receipt.jpg "$T/receipt.jpg" image/jpeg 800 1120
# Tamper with the stored ID back: four pixel bytes changed on disk.
sha=$(sha256sum "$SCANS/id-back.bmp" | cut -d' ' -f1)
printf 'XXXX' | dd of="$BLOBS/$(echo "$sha" | cut -c1-2)/$sha" bs=1 \
	seek=5000 conv=notrunc 2>/dev/null

# The picture is drawn in palette colours 16-255 (TERM=xterm-256color);
# the console's own screens use the 8 basic colours only. A cell in such
# a colour is part of a picture.
image_cells() {
	tmux -L "$SOCK" capture-pane -e -p -t "$1" |
		grep -q "$(printf '\033')\[[0-9;]*[34]8;5;"
}

no_image_cells() {
	! image_cells "$1"
}

# same_screen NAME TEXT: poll until the screen reads TEXT again (the
# detail reloads after the viewer); show the difference when it does not.
same_screen() {
	deadline=$(within 5)
	while [ "$(screen "$1")" != "$2" ]; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			printf '%s\n' "$2" >"$T/before.txt"
			screen "$1" >"$T/after.txt"
			diff "$T/before.txt" "$T/after.txt" | sed 's/^/    | /' >&2
			return 1
		fi
		sleep 0.1
	done
}

# open_detail NAME: application 1's detail screen
open_detail() {
	wait_for "$1" "RA20261117-0001" || finish
	send "$1" /
	type_text "$1" "RA20261117-0001"
	send "$1" Enter Enter
	wait_for "$1" "RA20261117-0001 · " >/dev/null
	wait_for "$1" "Verifications" >/dev/null
}

start a alice
open_detail a
before=$(screen a)
check "no picture cells on the detail to begin with" no_image_cells a
send a o
check "the viewer opens on the first file" wait_for a "File 1 of 5"
check "type from the content, beside the manifest's" \
	wait_for a "Type: JPEG (manifest: image/jpeg)"
check "pixel size" wait_for a "Pixels: 800 × 1120"
check "blob checked against the manifest" wait_for a "Blob matches the manifest"
check "the picture is drawn in block symbols" \
	sh -c "tmux -L '$SOCK' capture-pane -p -t a | grep -q '[▀▄█▌▐▁▂▃▅▆]'"
check "in 256 colours" image_cells a
send a o
check "open with, none configured: said on the key bar" \
	wait_for a "no external viewer is configured"
check "the 800x1120 JPEG decoded at half size for the screen" \
	wait_for a "Decoded at 1/2 to fit"
send a +
check "zoom in" wait_for a "Zoom 150%, rotated 0°"
check "zoomed past it: decoded again at full size" \
	wait_gone a "Decoded at 1/2"
check "the key bar is back after the next key" wait_for a "q close"
send a r
check "rotate: fitted again, turned 90°" wait_for a "Zoom 100%, rotated 90°"
check "rotated pixel size" wait_for a "Pixels: 1120 × 800"
send a n
check "next file" wait_for a "File 2 of 5"
check "EXIF orientation applied" wait_for a "Stored 750 × 1050, EXIF"
check "upright size of the EXIF-rotated scan" wait_for a "Pixels: 1050 × 750"
check "the rotation was the other file's" wait_for a "rotated 0°"
send a n
check "third file is the ID back" wait_for a "File 3 of 5"
check "a changed blob is TAMPERED" wait_for a "!! TAMPERED !!"
check "with the blob's own hash shown" wait_for a "SHA-256 (blob):"
send a n
check "fourth file, a GIF" wait_for a "Type: GIF (manifest: image/gif)"
check "an intact blob after a tampered one is fine again" \
	wait_for a "Blob matches the manifest"
send a n
check "fifth file, truncated" wait_for a "File 5 of 5"
check "a clear message for a truncated scan" \
	wait_for a "corrupt or truncated"
check "the blob itself is intact" wait_for a "Blob matches the manifest"
send a n p
check "n stops at the last file, p goes back one" wait_for a "File 4 of 5"
send a q
check "closed: back on the detail" wait_for a "RA20261117-0001 · "
check "the detail reads exactly as before" same_screen a "$before"
check "no picture cells left behind" no_image_cells a
# Any file at once: its number in the detail's Files list.
send a 4
check "4 opens the fourth file directly" wait_for a "File 4 of 5"
check "the GIF it names" wait_for a "Type: GIF (manifest: image/gif)"
send a q
wait_for a "RA20261117-0001 · " >/dev/null
send a 7
check "a number past the list: said so" wait_for a "has no file 7"

# 80x24, and resizes while the viewer is open
start b bob en_US.UTF-8 80 24
open_detail b
before=$(screen b)
send b Enter
check "80x24: the viewer opens with its side panel" wait_for b "File 1 of 5"
check "80x24: the whole key bar fits" wait_for b "q close"
tmux -L "$SOCK" resize-window -t b -x 60 -y 20
check "narrower than 80: the panel gives way to the picture" \
	wait_gone b "File 1 of 5"
check "still the viewer after the resize" wait_for b "Scan viewer"
send b n n
check "narrow: TAMPERED on the title line" wait_for b "!! TAMPERED"
tmux -L "$SOCK" resize-window -t b -x 80 -y 24
check "back to 80x24: the panel returns" wait_for b "File 3 of 5"
send b q
check "closed after resizing: the detail is back" \
	wait_for b "RA20261117-0001 · "
check "80x24: the detail reads exactly as before" same_screen b "$before"
check "80x24: no picture cells left behind" no_image_cells b

# Graphics protocols, configured by name. tmux shows neither (it takes
# kitty's APC for a title and drops sixel's DCS), but what the console
# writes can be read from the pane's output stream, and the screen must
# stay intact around it. tmux reports 16x32-pixel cells to the pane.
ESC=$(printf '\033')
# graphics_log FILE CHECK: run a python check over the pane's output
graphics_log() {
	python3 - "$1" "$2" <<'PY'
import re, sys
log = open(sys.argv[1], "rb").read().decode("latin-1")
check = sys.argv[2]
E = "\x1b"
img_k = [m.start() for m in re.finditer(re.escape(E + "_Ga=T,q=2,C=1,f=32,"), log)]
del_k = [m.start() for m in re.finditer(re.escape(E + "_Ga=d,d=A,q=2" + E + "\\"), log)]
six = [m.start() for m in re.finditer(re.escape(E + "P0;1;0q\"1;1;"), log)]
clr = [m.start() for m in re.finditer(re.escape(E + "[2J"), log)]
def wrapped(starts):
    # each picture: DECSC, a cursor move into the area, the picture, DECRC
    for i in starts:
        if not re.search(re.escape(E + "7" + E + "[") + r"\d+;\d+H$", log[:i]):
            return False
        if log.find(E + "8", i) < 0:
            return False
    return bool(starts)
ok = {
    "kitty_shown": len(img_k) >= 1 and wrapped(img_k),
    # every picture but the first is preceded by a delete of the one before
    "kitty_replaced": len(img_k) >= 2 and all(
        any(img_k[n - 1] < d < img_k[n] for d in del_k) for n in range(1, len(img_k))),
    "kitty_closed": bool(img_k) and bool(del_k) and del_k[-1] > img_k[-1],
    "sixel_shown": len(six) >= 1 and wrapped(six),
    # the size fits the area: at most 90x26 less the panel, title, bar
    "sixel_fits": all(int(w) <= 53 * 16 and int(h) <= 24 * 32 for w, h in
        re.findall(re.escape(E) + r'P0;1;0q"1;1;(\d+);(\d+)', log)),
    "sixel_replaced": len(six) >= 2 and all(
        any(six[n - 1] < c < six[n] for c in clr) for n in range(1, len(six))),
    "sixel_closed": bool(six) and bool(clr) and clr[-1] > six[-1],
}[check]
sys.exit(0 if ok else 1)
PY
}

# graphics_session NAME MODE: a console with [viewer] graphics = MODE,
# its output logged; opens the viewer, zooms, resizes the window and
# back, next file, closes.
graphics_session() {
	printf '[viewer]\ngraphics = %s\n' "$2" >>"$T/radesk.conf"
	start "$1" alice en_US.UTF-8 80 24
	tmux -L "$SOCK" pipe-pane -O -t "$1" "cat >$T/$1.out"
	open_detail "$1"
	before=$(screen "$1")
	send "$1" o
	check "$2: the panel names the protocol" wait_for "$1" "Drawn with: $2"
	check "$2: no escape bytes shown as text" sh -c \
		"! tmux -L '$SOCK' capture-pane -p -t '$1' | grep -q 'Ga=\\|1;1;'"
	send "$1" +
	wait_for "$1" "Zoom 150%" >/dev/null
	# the panel starts one column right of the area (COLS - 37)
	tmux -L "$SOCK" resize-window -t "$1" -x 90 -y 26
	wait_for "$1" "$(printf '%54s' '')File 1 of 5" >/dev/null
	tmux -L "$SOCK" resize-window -t "$1" -x 80 -y 24
	wait_for "$1" "$(printf '%44s' '')File 1 of 5" >/dev/null
	send "$1" n
	wait_for "$1" "File 2 of 5" >/dev/null
	send "$1" q
	check "$2: closed, the detail reads exactly as before" \
		same_screen "$1" "$before"
	tmux -L "$SOCK" pipe-pane -t "$1"
	# drop the [viewer] lines again
	sed -i '/^\[viewer\]$/,$d' "$T/radesk.conf"
}

# open with: the configured command, split on blanks, gets the blob's
# path as its last argument; no shell in between
cat >"$T/show.sh" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$T/opened.tmp" && mv "$T/opened.tmp" "$T/opened"
EOF
chmod +x "$T/show.sh"
printf '[viewer]\nopen_with = %s --geometry 800x600\n' "$T/show.sh" \
	>>"$T/radesk.conf"
start w alice
open_detail w
send w o
wait_for w "File 1 of 5" >/dev/null
send w o
check "open with: started, said on the key bar" wait_for w "opened with"
deadline=$(within 5)
while [ ! -f "$T/opened" ] && [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.1
done
sha=$(sha256sum "$SCANS/form.jpg" | cut -d' ' -f1)
eq "open with: the arguments, then the blob's path" \
	"$(printf -- '--geometry\n800x600\n%s' \
		"$BLOBS/$(echo "$sha" | cut -c1-2)/$sha")" \
	"$(cat "$T/opened" 2>/dev/null)"
send w q
sed -i '/^\[viewer\]$/,$d' "$T/radesk.conf"

graphics_session c kitty
check "kitty: pictures written at their cell, cursor saved and restored" \
	graphics_log "$T/c.out" kitty_shown
check "kitty: each picture deleted before the next" \
	graphics_log "$T/c.out" kitty_replaced
check "kitty: the last picture deleted on closing" \
	graphics_log "$T/c.out" kitty_closed
graphics_session d sixel
check "sixel: pictures written at their cell, cursor saved and restored" \
	graphics_log "$T/d.out" sixel_shown
check "sixel: no picture larger than the area" \
	graphics_log "$T/d.out" sixel_fits
check "sixel: the screen cleared before each new picture" \
	graphics_log "$T/d.out" sixel_replaced
check "sixel: and on closing" graphics_log "$T/d.out" sixel_closed
finish
