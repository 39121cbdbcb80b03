#!/bin/sh
# The scan viewer on real images in the blob store: open from the detail,
# zoom, rotate, the side panel (type, pixels, SHA-256 checked), next and
# previous file, a tampered blob shown as TAMPERED, a truncated scan with
# a clear message, and after closing the detail screen exactly as it was,
# with none of the picture's cells left behind. Then the same at 80x24,
# with the window resized while the viewer is open.
#
# Runs in symbols mode: tmux has no kitty graphics, and TERM is pinned to
# xterm-256color, which [viewer] graphics = auto leaves on symbols.
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
	deadline=$(($(date +%s) + 5))
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
send a +
check "zoom in" wait_for a "Zoom 150%, rotated 0°"
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
finish
