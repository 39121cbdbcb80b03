#!/bin/sh
# Claim, checklist, approve (with its production job), reject with
# reasons and a Chinese note edited by character, return for financial
# authentication, internal note, audited reveal, release.
. "$(dirname "$0")/lib.sh"
setup
start d alice
wait_for d "RA20261118-0002" || finish
send d j Enter
check "detail opens" wait_for d "RA20261118-0002 · New issuance"
send d "]"
check "] jumps to the first section" wait_for d "[Checklist]"
send d "]" "]"
check "and on" wait_for d "[Verifications]"
send d "["
check "[ jumps back" wait_for d "[Findings]"
send d g
# The gate decides (in the store); the detail shows what it says, in
# words, before anything is asked.
send d a
check "approve without a claim is refused" wait_for d "Cannot approve RA20261118-0002"
check "the condition in words" wait_for d "you have not claimed it"
send d n
send d c
check "claim" wait_for d "Claimed by alice until 2026-11-20 10:30"
eq "claim row with a 30-minute lease" "1795141800" \
	"$(sql "SELECT expires_at FROM claims WHERE app_id=2")"
eq "claiming moved it to in_review" "in_review" \
	"$(sql "SELECT state FROM applications WHERE id=2")"
send d a
check "the override dialog lists the unmet conditions" \
	wait_for d "Override: RA20261118-0002 does not meet"
check "the checklist is one of them" wait_for d "checklist items not ticked (6)"
check "high risk (rejected before) is another" \
	wait_for d "high risk: needs an override countersigned"
send d n
send d l
check "checklist dialog" wait_for d "[ ] Form signed and stamped"
for i in 1 2 3 4 5 6; do send d Space Down; done
check "ticks show" wait_for d "[x] Payment received"
send d Enter
eq "six ticks stored" "6" \
	"$(sql "SELECT count(*) FROM checklist WHERE version_id=2 AND checked=1")"
# Issue 13: this high-risk case was approved with a plain a once the
# checklist was ticked. Now only an override passes it.
send d a
check "ticked, the high-risk case still needs an override" \
	wait_for d "Override: RA20261118-0002 does not meet"
check "the checklist no longer listed" wait_gone d "checklist items not ticked"
send d y
check "override reason editor" wait_for d "Override: why approve anyway?"
type_text d "前次驳回原因已补正"
send d C-d
check "override recorded" wait_for d "Override recorded"
eq "not approved: waits for a countersign" "in_review|pending" \
	"$(sql "SELECT a.state, d.countersign FROM applications a JOIN decisions d ON d.app_id=a.id WHERE a.id=2")"
eq "no production order before the countersign" "0" \
	"$(sql "SELECT count(*) FROM jobs WHERE app_id=2")"
eq "the override audited with what it passes" "1" \
	"$(sql "SELECT count(*) FROM audit_log WHERE action='decision.override' AND subject='RA20261118-0002' AND details LIKE '%high_risk%'")"

send d q
wait_for d "RA20261117-0001" >/dev/null
send d g Enter
wait_for d "RA20261117-0001 · Key replacement" >/dev/null
send d c
wait_for d "Claimed by alice" >/dev/null
send d x
check "reason dialog" wait_for d "Reasons for rejection"
send d Space Down Down Space Enter
check "note editor" wait_for d "Note to the customer"
type_text d "身份证照片模糊，请重新上传"
send d C-a
type_text d "请注意："
send d C-e BSpace
type_text d "传"
send d C-d
check "reject asks like approve" wait_for d "Reject RA20261117-0001?"
send d y
check "rejected" wait_for d "Rejected RA20261117-0001"
eq "note stored exactly (edited by character)" "请注意：身份证照片模糊，请重新上传" \
	"$(sql "SELECT note FROM decisions WHERE app_id=1")"
eq "reasons stored" "FORM_UNSIGNED,ID_ILLEGIBLE" \
	"$(sql "SELECT group_concat(code) FROM (SELECT code FROM decision_reasons r JOIN decisions d ON d.id=r.decision_id WHERE d.app_id=1 ORDER BY code)")"
eq "customer notified through the outbox" "notify" \
	"$(sql "SELECT kind FROM jobs WHERE app_id=1")"
check "decision shown in the detail" wait_for d "身份证照片模糊"

send d i
type_text d "电话核实过，经办人确认"
send d C-d
check "internal note added" wait_for d "Note added"
eq "note stored" "电话核实过，经办人确认" "$(sql "SELECT body FROM notes WHERE app_id=1")"

send d NPage
check "ID masked by default" wait_for d "110105********002X"
send d v
check "reveal asks which field" wait_for d "Reveal which field?"
send d G Enter
check "and why" wait_for d "Why reveal it? (logged)"
send d Enter
check "reveal" wait_for d "Revealed (logged)"
check "ID shown in clear" wait_for d "11010519491231002X"
eq "reveal audited" "1" \
	"$(sql "SELECT count(*) FROM audit_log WHERE action='pii.reveal' AND subject='RA20261117-0001' AND actor='alice'")"
send d v
check "masked again" wait_for d "Personal data masked again"

send d q
wait_for d "RA20261119-0003" >/dev/null
open_app d RA20261119-0003 >/dev/null
send d c f
check "return editor" wait_for d "re-enter the account"
type_text d "对公账户打款验证失败"
send d C-d
check "return asks too" wait_for d "Return RA20261119-0003 for financial authentication?"
send d y
check "returned" wait_for d "Returned RA20261119-0003"
eq "state fin_auth_failed" "fin_auth_failed" \
	"$(sql "SELECT state FROM applications WHERE id=3")"

send d q
wait_for d "RA20261119-0004" >/dev/null
open_app d RA20261119-0004 >/dev/null
send d q
wait_for d "To review" >/dev/null
send d c
check "claim from the queue" wait_for d "Claimed RA20261119-0004"
send d u
check "release from the queue" wait_for d "Released RA20261119-0004"
eq "back to received" "received" "$(sql "SELECT state FROM applications WHERE id=4")"
eq "audit chain intact" "0" \
	"$(RADESK_USER=admin "$RADESK" --config "$T/radesk.conf" audit verify >/dev/null 2>&1; echo $?)"
finish
