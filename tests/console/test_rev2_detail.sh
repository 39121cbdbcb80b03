#!/bin/sh
# Detail, revision 2 (issue 15): the legal representative with the ID
# checked and masked, the auth method with its PIN channel, order and
# related numbers, the invoice's kind, purpose, e-mail and mobile
# (masked), the transfers with their memos; the renewal's years,
# sync_only and paired certificate only for renewals; the paired
# application shown together and approved together; a certificate that
# ran out after submission as a finding row.
. "$(dirname "$0")/lib.sh"
setup
# 53: a replacement with every revision-2 field and two transfers.
# 51/52: the SM2 and RSA renewals of one key (52 names 51). 54: a
# renewal whose certificate ran out after it was submitted.
sql "INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,
 sla_due_at,org_name,org_id_no,cert_serial,handler_name,verify_summary,risk,
 created_at,updated_at) VALUES
 (51,'RA20261119-0051','renew','received',1,1795000000,1795300000,'广州示例有限公司',
  '91440101MA59ABCD1X','5A0051','王五','',0,1795000000,1795000000),
 (52,'RA20261119-0052','renew','received',1,1795000100,1795300000,'广州示例有限公司',
  '91440101MA59ABCD1X','5A0052','王五','',0,1795000100,1795000100),
 (53,'RA20261119-0053','replace','received',1,1795000200,1795300000,'杭州示例有限公司',
  '91330100MA27ABCD1X','5A0053','赵六','',0,1795000200,1795000200),
 (54,'RA20261119-0054','renew','received',1,1795000300,1795300000,'南京示例有限公司',
  '91320100MA1MABCD1X','5A0054','钱七','',0,1795000300,1795000300);
INSERT INTO app_versions(app_id,version,type,submitted_at,submitted_at_text,
 bundle_sha256,manifest_json,ingested_at,sla_due_at,cert_serial,cert_holder,
 cert_algorithm,cert_subject_cn,cert_not_after,org_name,org_id_type,org_id_no,
 handler_name,handler_id_no,handler_mobile,handler_email,applicant_name,
 applicant_id_no,fin_account_name,fin_bank,fin_account_no,pay_method,
 pay_amount_fen,renewal_months)
SELECT a.id, 1, a.type, a.submitted_at, '2026-11-19T10:00:00+08:00',
 printf('%064d', a.id), '{}', a.submitted_at, a.sla_due_at, a.cert_serial, 'org',
 CASE a.id WHEN 52 THEN 'RSA' ELSE 'SM2' END, a.org_name,
 CASE a.id WHEN 54 THEN 1795100000 ELSE 1797000000 END, a.org_name, 'uscc',
 a.org_id_no, a.handler_name, '440106198001010019', '13800138000',
 'wang@example.cn', a.handler_name, '440106198001010019', a.org_name,
 '中国银行', '6216610200016587010', CASE a.id WHEN 53 THEN 'transfer' ELSE 'wechat' END,
 36000, CASE a.type WHEN 'renew' THEN 24 END
FROM applications a WHERE a.id BETWEEN 51 AND 54;
UPDATE app_versions SET order_no='20261119000053', related_app_no=NULL,
 legal_rep_name='孙八', legal_rep_id_type='resident_id',
 legal_rep_id_no='11010519491231002X', auth_method='bank_deposit',
 invoice_wanted=1, invoice_title='杭州示例有限公司', invoice_kind='electronic',
 invoice_purpose='报销', invoice_email='finance@hz.example.cn',
 invoice_mobile='13912345678', xfer_payer_account='6216610200016587010',
 xfer_payer_name='杭州示例有限公司', xfer_amount_fen=36000, xfer_date='2026-11-18'
 WHERE app_id=53;
INSERT INTO app_transfers(version_id,idx,payer_account,payer_name,amount_fen,date,memo)
 VALUES ((SELECT id FROM app_versions WHERE app_id=53),0,'6216610200016587010','杭州示例有限公司',20000,'2026-11-18','合同款第一笔 RA20261119-0053'),
        ((SELECT id FROM app_versions WHERE app_id=53),1,'6216610200016587010','杭州示例有限公司',16000,'2026-11-19','第二笔');
UPDATE app_versions SET order_no='20261119000051', auth_method='sms',
 renewal_years=2, renewal_sync_only=0 WHERE app_id=51;
UPDATE app_versions SET order_no='20261119000052', related_app_no='RA20261119-0051',
 auth_method='sms', renewal_years=2, renewal_sync_only=1, paired_serial='5A0051',
 paired_algorithm='SM2', paired_not_after=1797000000 WHERE app_id=52;
INSERT INTO checks(app_id,version_id,kind,state,detail,created_at,updated_at)
 SELECT app_id, id, 'telecom_handler','match','',1795000400,1795000400
 FROM app_versions WHERE app_id BETWEEN 51 AND 54;
INSERT INTO payments(app_id,version_id,method,amount_fen,trade_no,state,created_at)
 SELECT app_id, id, 'wechat', 36000, 'WX' || app_id, 'online', 1795000000
 FROM app_versions WHERE app_id IN (51,52,54);" || { echo 'seed failed'; exit 1; }

start q alice en_US.UTF-8 80 24
wait_for q "RA20261117-0001" >/dev/null
open_app q RA20261119-0053 >/dev/null
send q G
sleep 0.3
for s in 1 2 3 4 5 6; do send q PPage; done
send q g
# Walk the whole detail and keep every page.
pages() {
	send q g
	sleep 0.5
	: >"$T/pages"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		tmux -L "$SOCK" capture-pane -p -t q >>"$T/pages"
		send q NPage
		sleep 0.3
	done
	[ -n "${KEEP:-}" ] && cp "$T/pages" "$KEEP.$(date +%s%N)"
	return 0
}
has() { grep -qF -- "$1" "$T/pages"; }
pages
check "the order number" has "Order number       20261119000053"
check "the legal representative's section" has "Legal representative"
check "... the name" has "孙八"
check "... the ID masked" has "ID number          110105********002X"
check "... the ID checked" has "ID check           check digit and date correct"
check "the auth method with its PIN channel" \
	has "Auth method        Bank deposit (PIN in a deposit memo to the basic account)"
check "the invoice kind in words" has "Kind               Electronic invoice"
check "its purpose" has "Purpose            报销"
check "the invoice e-mail masked" sh -c "! grep -qF finance@hz.example.cn '$T/pages'"
check "the invoice mobile masked" has "Mobile             139****5678"
check "the first transfer" has "Transfer 1"
check "... its memo" has "Memo: 合同款第一笔 RA20261119-0053"
check "the second transfer" has "Memo: 第二笔"
check "no renewal section for a replacement" sh -c "! grep -q 'Paired serial' '$T/pages'"
check "no paired section without a related number" sh -c "! grep -q 'Paired application' '$T/pages'"
check "no revision-2 line cut short" sh -c "! grep -E 'Auth method|Memo|Kind|Purpose|Legal' '$T/pages' | grep -qF '…'"
check "no internal code" sh -c "! grep -qE 'bank_deposit|quota_paper|electronic|legal_rep|auth_method' '$T/pages'"
# Reveal the legal representative's ID through the reveal dialog.
send q v
wait_for q "Reveal which field?" >/dev/null
check "the legal representative's ID is offered" \
	wait_for q "Legal representative: ID number"
send q Escape
sleep 0.3
send q q
wait_for q "To review" >/dev/null

# The pair: 51 shows 52 (not ready: its checklist), and the other way.
open_app q RA20261119-0051 >/dev/null
check "the paired application with its state" \
	wait_for q "RA20261119-0052 · Received"
check "... and why it cannot go with this one" \
	wait_for q "cannot be approved with this one:"
pages
check "... the partner's conditions in words" has "checklist items not ticked"
check "sync_only and years for a renewal" has "Years              2"
send q q
wait_for q "To review" >/dev/null
open_app q RA20261119-0052 >/dev/null
pages
check "52 shows the paired certificate" has "Paired serial      5A0051"
check "... sync only" has "Only aligns pair   yes"
check "... and 51 as its pair" has "RA20261119-0051 · Received"
send q q
wait_for q "To review" >/dev/null

# Open an application seen before: the detail keeps its scroll position
# for it, so its title shows only after g (open_app waits for the title).
reopen() {
	send q /
	wait_for q "Ctrl-A/E/K/U" >/dev/null
	send q C-u
	type_text q "$1"
	send q Enter Enter
	wait_for q "F5Approve" >/dev/null    # the detail's own keys
	send q g
	wait_for q "$1 · " >/dev/null
}

# Alice ticks 52's checklist (claim, tick, release), then approves 51:
# both approved in one go.
# (the detail keeps its scroll position for the same application)
reopen RA20261119-0052
send q c
wait_for q "Claimed by alice" >/dev/null
send q l
wait_for q "[ ] Certificate still valid" >/dev/null
for i in 1 2 3; do send q Space Down; done
send q Enter
send q u
wait_for q "Released" >/dev/null
send q q
wait_for q "To review" >/dev/null
reopen RA20261119-0051
check "now the partner is ready" \
	wait_for q "ready: approving this one approves it too"
send q c
wait_for q "Claimed by alice" >/dev/null
send q l
wait_for q "[ ] Certificate still valid" >/dev/null
for i in 1 2 3; do send q Space Down; done
send q Enter
sleep 0.3
send q a
wait_for q "Approve RA20261119-0051?" >/dev/null
send q y
check "approved" wait_for q "Approved RA20261119-0051"
eq "both approved together" "ready_to_install|ready_to_install" \
	"$(sql "SELECT group_concat(state,'|') FROM applications WHERE id IN (51,52)")"
eq "two audit entries, the partner's naming the pair" "RA20261119-0051" \
	"$(sql "SELECT json_extract(details,'\$.paired') FROM audit_log WHERE action='decision' AND subject='RA20261119-0052'")"
send q q
wait_for q "To review" >/dev/null

# 54: its certificate ran out after submission: a finding row.
open_app q RA20261119-0054 >/dev/null
check "expiry at review is a finding" \
	wait_for q "Certificate: expired 2026-11-19 22:53, after submission"
send q q
finish
