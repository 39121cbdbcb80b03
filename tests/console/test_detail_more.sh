#!/bin/sh
# Detail (issue #14): a resubmission shows what changed since the version
# before (fields masked, scans); the history shows the countersign note
# with the operators' names and reasons as words; the renewal section
# only for renewals.
. "$(dirname "$0")/lib.sh"
setup
# Application 2 resubmitted: a new mobile, a new address, the licence
# scanned again, the ID back no longer sent.
sql "INSERT INTO app_versions(app_id,version,type,submitted_at,submitted_at_text,
 bundle_sha256,manifest_json,ingested_at,sla_due_at,cert_serial,cert_holder,
 cert_algorithm,cert_subject_cn,org_name,org_id_type,org_id_no,org_address,
 handler_name,handler_id_no,handler_mobile,handler_email,applicant_name,
 applicant_id_no,fin_account_name,fin_bank,fin_account_no,pay_method,
 pay_amount_fen)
 SELECT app_id,2,type,submitted_at+60,submitted_at_text,'v2sha',manifest_json,
 ingested_at,sla_due_at,cert_serial,cert_holder,cert_algorithm,cert_subject_cn,
 org_name,org_id_type,org_id_no,'深圳市南山区科技园1号',handler_name,
 handler_id_no,'13900139000',handler_email,applicant_name,applicant_id_no,
 fin_account_name,fin_bank,fin_account_no,pay_method,pay_amount_fen
 FROM app_versions WHERE app_id=2 AND version=1;
UPDATE applications SET current_version=2 WHERE id=2;
INSERT INTO files(version_id,role,path,sha256,size,content_type,width,height)
 SELECT v2.id, f.role, f.path,
  CASE f.role WHEN 'business_license' THEN printf('%064d', 777) ELSE f.sha256 END,
  f.size, f.content_type, f.width, f.height
 FROM files f JOIN app_versions v1 ON v1.id=f.version_id AND v1.app_id=2
  AND v1.version=1
 JOIN app_versions v2 ON v2.app_id=2 AND v2.version=2
 WHERE f.role <> 'id_back';"
# Application 5 (rejected): its decision countersigned with a note.
sql "UPDATE decisions SET override_reason='checked by phone',
 countersign='approved', countersigned_by=(SELECT id FROM operators WHERE login='sue'),
 countersigned_at=1791300600, countersign_note='同意，电话已核实' WHERE app_id=5;"
# Application 1's outbox: its deposit (credited) and a notice by SMS.
sql "INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,max_attempts,
 next_attempt_at,created_at,updated_at) VALUES
 (901,'bank_deposit',1,'dep:1','{\"amount_fen\":1,\"memo\":\"CA RA RA20261117-0001-v1 PIN 654321\",\"account_no\":\"6222020200112233445\"}',
  'done',5,0,1794800100,1794800200),
 (902,'notify',1,'notify:1','{\"event\":\"pin\",\"to\":\"13800138000\",\"to_name\":\"张三\",\"note\":\"您的证书密码已发送\"}',
  'pending',5,0,1794800300,1794800300);
INSERT INTO checks(app_id,version_id,kind,state,detail,job_id,created_at,updated_at)
 VALUES (1,1,'bank_fin_auth','credited','',901,1794800100,1794803700);"
start q alice en_US.UTF-8 120 60
wait_for q "RA20261117-0001" >/dev/null
open_app q RA20261118-0002 >/dev/null
check "a resubmission has a changes section" wait_for q "Changes since version 1"
check "a changed field, by its words" wait_for q "Organisation: Address"
check "... the new value" wait_for q "now 深圳市南山区科技园1号"
check "a changed mobile stays masked" wait_for q "now 139****9000"
check "a scan sent again" wait_for q "Business licence: scan replaced"
check "a scan no longer sent" wait_for q "ID back: scan no longer sent"
send q G
sleep 0.5
check "a replacement has no renewal section" \
	sh -c "! tmux -L $SOCK capture-pane -p -t q | grep -qx '  Months'"
send q q
wait_for q "To review" >/dev/null
open_app q RA20261119-0003 >/dev/null
send q G
sleep 0.5
check "a renewal has its renewal section" \
	sh -c "tmux -L $SOCK capture-pane -p -t q | grep -qx '  Months'"
send q q
wait_for q "To review" >/dev/null
open_app q RA20261117-0001 >/dev/null
check "the deposit's amount and when it was credited" \
	wait_for q "Bank deposit ¥0.01 · credited 2026-11-16"
check "its memo, the PIN masked" wait_for q "memo CA RA RA20261117-0001-v1 PIN ******"
check "the PIN never shows" wait_gone q "654321"
check "a notice: what, its state, the recipient masked" \
	wait_for q "Certificate PIN · Pending · 张* 138****8000"
check "... and its text" wait_for q "您的证书密码已发送"
send q q
wait_for q "To review" >/dev/null
open_app q RA20261015-0005 >/dev/null
check "the countersign note in the history" wait_for q "同意，电话已核实"
check "... by the supervisor's name, not login" wait_for q "Sue 苏 countersign note"
check "the reason by its label, not its code" \
	wait_for q "Business licence does not match the organisation name"
check "no internal code on these screens" words_check
finish
