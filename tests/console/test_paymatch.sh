#!/bin/sh
# Bank transfers in the console: the bank screen (B) lists what is left to
# reconcile and opens an application; in the detail, p offers the free
# statement lines best first (masked accounts, CJK aligned), asks, and
# matches by hand (audited, with the operator); the payment section then
# shows the line. A supervisor undoes a match by hand; auditors cannot.
# A picker left open notices a match made elsewhere.
. "$(dirname "$0")/lib.sh"
setup

# App 2 (RA20261118-0002) paid by transfer: ¥100.00 declared 2026-11-18
# from 6222020200112233445 — the bank printed another account, so nothing
# matches it automatically. App 4 (RA20261119-0004) too, and its line is
# on the statement: matched automatically at the import.
sql "UPDATE app_versions SET pay_method='transfer', pay_amount_fen=10000,
       xfer_payer_account='6222020200112233445',
       xfer_payer_name='深圳市前海微众银行股份有限公司华南区域数字证书业务办理中心',
       xfer_amount_fen=10000, xfer_date='2026-11-18' WHERE app_id=2;
     UPDATE app_versions SET pay_method='transfer', pay_amount_fen=10000,
       xfer_payer_account='6222111122223333', xfer_payer_name='上海浦东发展银行',
       xfer_amount_fen=10000, xfer_date='2026-11-19' WHERE app_id=4;
     UPDATE payments SET method='transfer', trade_no=NULL, state='unmatched'
       WHERE app_id IN (2,4);" >/dev/null
{
	printf '交易日期,付款账号,付款户名,金额,流水号,摘要\n'
	printf '2026-11-20,6222111122223333,上海浦东发展银行,100.00,B001,证书费\n'
	printf '2026-11-19,6222999999992233445,深圳市前海微众银行股份有限公司华南区域数字证书业务办理中心,100.00,B002,证书费\n'
	printf '2026-11-25,6222020200112233445,深圳前海微众,99.00,B003,少付\n'
	printf '2026-10-01,1234567890123456,别家公司,100.00,B004,\n'
	printf '2026-11-17,9999888877776666,Evil\033[31m公司,5.00,B005,\n'
	printf '2026-11-17,1,x,abc,B006,bad amount\n'
} >"$T/st1.csv"
RADESK_USER=sue RADESK_NOW=$NOW "$RADESK" --config "$T/radesk.conf" \
	bank import "$T/st1.csv" >"$T/import.out" 2>&1
line() { sql "SELECT id FROM bank_statement_lines WHERE bank_ref='$1'"; }
eq "import: app 4 matched automatically" "matched|$(line B001)" \
	"$(sql "SELECT state, statement_line_id FROM payments WHERE app_id=4")"

# open NAME APP_NO: search the queue and open the application.
open_app() {
	send "$1" /
	# a dialog drops the keys sent before it shows
	wait_for "$1" "Ctrl-A/E/K/U" >/dev/null
	send "$1" C-u
	type_text "$1" "$2"
	send "$1" Enter Enter
	wait_for "$1" "$2 · " >/dev/null
}
# to_payment NAME: jump section by section to the payment.
to_payment() {
	i=0
	while [ $i -lt 20 ] && ! screen "$1" | head -1 | grep -qF "[Payment]"; do
		send "$1" Tab
		sleep 0.05
		i=$((i + 1))
	done
	wait_for "$1" "Reconciliation" >/dev/null
}

# bank_tab NAME HINT: Tab through the bank screen to the tab saying HINT.
bank_tab() {
	i=0
	while [ $i -lt 4 ] && ! screen "$1" | grep -qF -- "$2"; do
		send "$1" Tab
		sleep 0.1
		i=$((i + 1))
	done
}
# no_text NAME TEXT: TEXT is not on the screen.
no_text() { ! screen "$1" | grep -qF -- "$2"; }
# imports_counts NAME: the import's new, known and bad counts.
import_counts() { screen "$1" | grep st1.csv | grep -qE ' 5 +0 +1 '; }
# aligned NAME: the bank reference column starts at one display column
# on every row, whatever the width of the (CJK) names before it.
aligned() {
	screen "$1" | python3 -c '
import sys, unicodedata
cols = set()
for l in sys.stdin:
    if " B00" in l:
        pre = l[:l.index(" B00")]
        cols.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                     for c in pre))
sys.exit(0 if len(cols) == 1 and len(pre) > 0 else 1)'
}

# --- the bank screen, as a supervisor
start s sue
wait_for s "RA20261117-0001" || finish
send s B
check "bank screen: counts in the tabs" wait_for s "To match 1"
check "free lines counted" wait_for s "Free lines 4"
check "the unmatched transfer is listed" wait_row s "RA20261118-0002" "¥100.00"
check "its account masked" wait_row s "RA20261118-0002" "6222***********3445"
send s Tab
check "free lines tab, in statement order" wait_row s "2026-10-01" "别家公司"
check "hostile payer name: its escape byte never reaches the terminal" \
	wait_row s "B005" "Evil[31m公司"
send s Tab
check "imports tab: file and counts" wait_row s "st1.csv" "sue"
check "new, known, bad" import_counts s
send s Tab
wait_for s "Bank transfers not matched yet" >/dev/null
send s Enter
check "Enter opens the application" wait_for s "RA20261118-0002 · "
send s q
check "Back returns to the bank screen" wait_for s "Bank transfers not matched yet"
send s q
check "and from there to the queue" wait_for s "RA20261119-0004"
send s B
wait_for s "To match 1" >/dev/null

# --- an auditor matches by hand
start a alice
wait_for a "RA20261117-0001" || finish
open_app a RA20261118-0002
to_payment a
check "the detail says the transfer is not matched" \
	wait_for a "not found in the bank statement yet"
check "the method in words, not its database value" \
	wait_row a "Method" "Bank transfer"
send a p
check "picker for the application" wait_for a "Match a bank transfer by hand — RA20261118-0002"
check "best first: the amount, the last digits, the name" \
	wait_row a "B002" "¥aN"
check "the bank's account masked" wait_row a "B002" "6222***********3445"
check "never the full account" no_text a 6222020200112233445
check "other amounts near the date are offered" wait_row a "B003" "¥99.00"
check "far lines of another amount are not" no_text a B006
check "columns aligned by display width" aligned a
# B003 (another amount) is third: asked twice, and no means nothing.
send a j j
send a Enter
check "another amount: asked first" wait_for a "The amounts differ: ¥99.00 on the statement, ¥100.00"
send a n
check "no: nothing recorded" wait_for a "Cancelled"
eq "still unmatched" "unmatched" "$(sql "SELECT state FROM payments WHERE app_id=2")"
send a g Enter
check "confirm names the line" wait_for a "Match RA20261118-0002 with line $(line B002): 2026-11-19, ¥100.00"
send a y
check "matched; back in the detail" wait_for a "Matched RA20261118-0002 with statement line $(line B002) by hand"
check "the payment section shows who matched" wait_for a "matched by hand by alice"
check "and the line: date, amount, reference" \
	wait_for a "$(line B002) · 2026-11-19 · ¥100.00 · ref. B002 · 深圳市前海微众"
check "the bank's account is not the declared one" wait_for a "(not the declared account)"
eq "stored as manual, by alice, with the line" "manual|$(line B002)|alice" \
	"$(sql "SELECT p.state, p.statement_line_id, o.login FROM payments p JOIN operators o ON o.id=p.matched_by WHERE p.app_id=2")"
eq "audited" "alice|RA20261118-0002|$(line B002)" \
	"$(sql "SELECT actor, subject, json_extract(details,'\$.statement_line') FROM audit_log WHERE action='payment.match_manual'")"
eq "queue summary passes the payment" "T✓ P✓" \
	"$(sql "SELECT verify_summary FROM applications WHERE id=2")"
send a p
check "an auditor cannot undo it" wait_for a "only a supervisor can undo it"

# --- other payments say what they are
send a q
wait_for a "RA20261117-0001" >/dev/null
open_app a RA20261117-0001
send a p
check "online payment: nothing to match" wait_for a "Paid online (trade no. WX1): nothing to match"
send a q
open_app a RA20261119-0004
send a p
check "automatic match: says which line" wait_for a "Matched automatically with statement line $(line B001)"

# --- a supervisor undoes the match by hand
check "the open bank screen follows: nothing left to match" \
	wait_for s "To match 0"
check "free lines one fewer" wait_for s "Free lines 3"
send s q
open_app s RA20261118-0002
send s p
check "undo asks" wait_for s "Undo the match of RA20261118-0002 with statement line $(line B002) (by alice)?"
send s y
check "undone" wait_for s "The payment of RA20261118-0002 is unmatched again"
eq "unmatched, line free" "unmatched||0" \
	"$(sql "SELECT state, statement_line_id, (SELECT matched FROM bank_statement_lines WHERE bank_ref='B002') FROM payments WHERE app_id=2")"
eq "undo audited" "sue|RA20261118-0002" \
	"$(sql "SELECT actor, subject FROM audit_log WHERE action='payment.unmatch'")"

# --- a picker left open sees a match made elsewhere
send a q
open_app a RA20261118-0002
send a p
wait_for a "Match a bank transfer by hand" >/dev/null
check "the freed line is offered again" wait_row a "B002" "¥aN"
RADESK_USER=bob RADESK_NOW=$NOW "$RADESK" --config "$T/radesk.conf" \
	bank match RA20261118-0002 "$(line B004)" >/dev/null 2>&1
check "the picker notices and returns to the detail" \
	wait_for a "The payment of RA20261118-0002 is matched by hand now"
to_payment a
check "which now shows bob's match" wait_for a "matched by hand by bob"

# --- long lists are read page by page
sql "INSERT INTO bank_imports(file_name,file_sha256,lines_ok,lines_bad,
       lines_dup,operator,imported_at) VALUES('bulk.csv','x',300,0,0,'sue',0);
     WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i<299)
     INSERT INTO bank_statement_lines(import_id,line_no,line_hash,value_date,
       payer_account,payer_name,amount_fen,bank_ref,memo)
     SELECT (SELECT max(id) FROM bank_imports), i+2, 'bulk'||i,
       date('2026-01-01','+'||i||' days'), printf('55550000%08d',i),
       '某公司'||i, 10000, 'K'||i, '' FROM n;" >/dev/null
send s q
wait_for s "RA20261117-0001" >/dev/null
send s B
bank_tab s "Statement lines no payment uses"
check "300 more free lines counted" wait_for s "Free lines 303"
check "first page from the oldest" wait_row s "2026-01-01" "K0"
send s G
check "G reads every page to the newest" wait_row s "2026-11-25" "B003"
check "the oldest has scrolled away" no_text s "2026-01-01"
send s g
check "g back to the oldest" wait_row s "2026-01-01" "K0"
send s q
open_app s RA20261118-0002
send s p
check "a supervisor undoes bob's match" wait_for s "Undo the match of RA20261118-0002"
send s y
wait_for s "unmatched again" >/dev/null
send s p
wait_for s "Match a bank transfer by hand" >/dev/null
check "picker: the nearest of the same amount first" wait_row s "B002" "¥aN"
check "the farthest not on the first screen" no_text s "K0 "
send s G
check "G reaches the last candidate" wait_row s "2026-01-01" "K0"
send s Escape
wait_for s "RA20261118-0002 · " >/dev/null

# --- 80x24
tmux -L "$SOCK" resize-window -t s -x 80 -y 24
send s q
wait_for s "RA20261117-0001" >/dev/null
send s B
bank_tab s "Statement lines no payment uses"
check "80 columns: free lines fit" wait_row s "2026-01-01" "某公司0"
check "no reference column at 80" no_text s "Bank ref."
finish
