#!/bin/sh
# The bank's financial authentication in the console: the queue shows the
# whole summary, the detail shows what the bank said in full (the name it
# knows the account by, wrapped, not cut), an approval waits for it, and
# on a failure the auditor returns the application for financial
# authentication (the customer is notified).
. "$(dirname "$0")/lib.sh"
setup

# App 1: the deposit was credited under another name; a personal
# certificate, so the applicant's telecom check too.
sql "INSERT INTO checks(app_id,version_id,kind,state,detail,created_at,updated_at)
     VALUES(1,1,'telecom_applicant','match','',1794800100,1794800100),
     (1,1,'bank_fin_auth','failed',
      'credited, but the bank knows the account as \"北京示例科技发展集团有限公司第二分公司\", not \"北京示例科技有限公司\"',
      1794800200,1794800200);
     UPDATE applications SET verify_summary='T✓ A✓ B✗ P✓' WHERE id=1;" >/dev/null

start a alice
wait_for a "RA20261117-0001" || finish
check "the queue shows the whole summary" wait_row a "RA20261117-0001" "T✓ A✓ B✗ P✓"
send a Enter
wait_for a "RA20261117-0001 · " >/dev/null
check "the bank check failed" wait_row a "Bank fin. auth" "failed"
check "its detail in full, the bank's name included" \
	wait_for a "北京示例科技发展集团有限公司第二分公司"
# detail_text NAME: the bank check's detail, its wrapped lines joined.
detail_text() {
	screen "$1" | sed -n '/Bank fin. auth/,/Telecom/p' | sed '1d;$d;s/^    //' |
		tr -d '\n'
}
eq "the whole of it" \
	"credited, but the bank knows the account as \"北京示例科技发展集团有限公司第二分公司\", not \"北京示例科技有限公司\"" \
	"$(detail_text a)"

# Everything else passes; the bank does not, so approving is refused.
send a c l
wait_for a "Form signed and stamped" >/dev/null
for i in 1 2 3 4 5 6; do send a Space Down; done
send a Enter
send a a
check "approval refused: the bank's authentication" \
	wait_for a "bank deposit not credited"
check "asked, with the reason in sight, about an override" \
	wait_for a "Write an override for a supervisor"
send a n
eq "still in review" "in_review" "$(sql "SELECT state FROM applications WHERE id=1")"

send a f
check "return asks for a note" wait_for a "re-enter the account"
type_text a "银行户名与单位名称不一致，请核对对公账户后重新提交"
send a C-d
check "return asks like approve" \
	wait_for a "Return RA20261117-0001 for financial authentication?"
send a y
check "returned" wait_for a "Returned RA20261117-0001 for financial authentication"
eq "state fin_auth_failed" "fin_auth_failed" "$(sql "SELECT state FROM applications WHERE id=1")"
eq "the customer is notified" "fin_auth_failed" \
	"$(sql "SELECT json_extract(payload,'\$.event') FROM jobs WHERE kind='notify' AND app_id=1")"
finish
