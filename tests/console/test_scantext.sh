#!/bin/sh
# The viewer's text layer (t) at 80x24: a form drawn by the demo's code
# for application 1, with another handler's name and without the seal,
# read by a real `radesk worker --once` (the scan_read job); the layer
# shows the fields marked ✓/✗ against the typed data with what was
# typed, the missing seal, the recognised lines; t cycles picture →
# text beside → text instead → picture; Enter on a field zooms the
# picture onto its box. The detail's checklist says what the reading
# found, and the finding is listed in words.
. "$(dirname "$0")/lib.sh"
setup
FIX=$BUILD/radesk-scanfix
BLOBS=$T/var/blobs
[ -x "$FIX" ] || { echo "scantext: $FIX missing"; echo "scantext: 0 passed, 1 failed"; exit 1; }

app=$(sql "SELECT app_no FROM applications WHERE id=1")
org=$(sql "SELECT org_name FROM app_versions WHERE app_id=1 AND version=1")
uscc=$(sql "SELECT org_id_no FROM app_versions WHERE app_id=1 AND version=1")
hid=$(sql "SELECT handler_id_no FROM app_versions WHERE app_id=1 AND version=1")
# the form names another handler than the one typed, and has no seal
"$FIX" draw "$T/form.jpg" "$org" "$uscc" "欧阳国栋" "$hid" 0 ||
	{ echo "scantext: cannot draw"; echo "scantext: 0 passed, 1 failed"; exit 1; }
sha=$(sha256sum "$T/form.jpg" | cut -d' ' -f1)
mkdir -p "$BLOBS/$(echo "$sha" | cut -c1-2)"
cp "$T/form.jpg" "$BLOBS/$(echo "$sha" | cut -c1-2)/$sha"
sql "DELETE FROM files WHERE version_id=(SELECT id FROM app_versions
       WHERE app_id=1 AND version=1)" >/dev/null
sql "INSERT INTO files(version_id,role,path,sha256,size,content_type,width,
       height) SELECT id,'application_form','files/form.jpg','$sha',
       $(wc -c <"$T/form.jpg"),'image/jpeg',1240,1754 FROM app_versions
     WHERE app_id=1 AND version=1" >/dev/null
fid=$(sql "SELECT id FROM files WHERE sha256='$sha'")
sql "INSERT INTO jobs(kind,app_id,idem_key,payload,state,max_attempts,
       next_attempt_at,created_at,updated_at) VALUES('scan_read',1,
       'scan_read:test:$fid','{\"file_id\":$fid}','pending',3,0,0,0)" >/dev/null
RADESK_USER=admin "$RADESK" --config "$T/radesk.conf" worker --once --id t \
	>"$T/worker.log" 2>&1
eq "the worker read the scan" "done" \
	"$(sql "SELECT state FROM jobs WHERE kind='scan_read'")"
eq "the handler differs" "mismatch" \
	"$(sql "SELECT verdict FROM scan_read_fields WHERE field='handler'")"
eq "findings: another handler, no seal" "form_field_mismatch form_seal_missing" \
	"$(sql "SELECT group_concat(code,' ') FROM (SELECT code FROM findings
	         WHERE code LIKE 'form_%' ORDER BY code)")"

start c admin en_US.UTF-8 80 24
wait_for c "$app" 10 >/dev/null
open_app c "$app"
check "the checklist says what the reading found" \
	wait_for c "Application form: " 5
check "the finding is shown in words" \
	wait_for c "no company seal found on the application form" 5
send c 1
wait_for c "Scan viewer" 5 >/dev/null
check "the picture's key bar offers the text layer" wait_for c "t text" 5
send c t
check "text beside: the handler marked ✗" wait_row c "✗ Handler:" "欧阳国栋" 5
check "with what was typed" wait_for c "typed: $(sql "SELECT handler_name FROM app_versions WHERE app_id=1 AND version=1")" 5
check "the missing seal" wait_for c "✗ No company seal found" 5
check "the signature" wait_for c "✓ Signed" 5
check "matched fields ✓" wait_for c "✓ Organisation name:" 5
send c t
check "text instead: the recognised lines" wait_for c "Recognised lines:" 5
check "the lines themselves" wait_for c "数字证书申请表" 5
check "the key bar stays on the last line" \
	sh -c "tmux -L '$SOCK' capture-pane -p -t c | sed -n 24p | grep -q 'Enter zoom onto it'"
# Enter on the first field (the organisation): the picture zooms onto it
send c Enter
sleep 1
send c t t
wait_for c "Zoom" 5 >/dev/null
check "Enter zoomed the picture onto the field" \
	sh -c "tmux -L '$SOCK' capture-pane -p -t c | grep 'Zoom' | grep -vq 'Zoom 100%'"
send c q
wait_for c "$app · " 5 >/dev/null
finish
