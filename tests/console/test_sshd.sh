#!/bin/sh
# A session through a real sshd on loopback, cut off in the middle of a
# rejection note: the console ends cleanly on SIGHUP, no decision is
# written, and the claim stays until its lease runs out.
. "$(dirname "$0")/lib.sh"
SSHD=/usr/sbin/sshd
if [ ! -x "$SSHD" ] || ! command -v ssh >/dev/null 2>&1; then
	echo "$TNAME: 0 passed, 0 failed (skipped: openssh is not installed)"
	exit 0
fi
sshd_pid=""
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$T"
}
setup
# sshd needs its privilege-separation folder.
[ -d /run/sshd ] || mkdir -p /run/sshd
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$T/userkey"
cp "$T/userkey.pub" "$T/authorized_keys"
chmod 600 "$T/authorized_keys"
cat >"$T/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $T/hostkey
AuthorizedKeysFile $T/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $T/sshd.pid
CONF
"$SSHD" -D -e -f "$T/sshd_config" 2>"$T/sshd.log" &
sshd_pid=$!
ssh_opts="-i $T/userkey -p $port -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR"
deadline=$(within 10)
until ssh $ssh_opts root@127.0.0.1 true 2>/dev/null; do
	if [ "$(date +%s)" -ge "$deadline" ]; then
		cat "$T/sshd.log"
		check "sshd starts on loopback" false
		finish
	fi
	sleep 0.1
done
check "sshd starts on loopback" true

cmd=$(console_cmd alice en_US.UTF-8)
tmux -L "$SOCK" -f /dev/null new-session -d -s s -x 100 -y 30 \
	"exec ssh -tt $ssh_opts root@127.0.0.1 '$cmd'"
check "console over ssh" wait_for s "RA20261117-0001" 10
send s Enter
wait_for s "RA20261117-0001 · Key replacement" >/dev/null
send s c
check "claimed over ssh" wait_for s "Claimed by alice"
send s x
wait_for s "Reasons for rejection" >/dev/null
send s Space Enter
check "editing the note" wait_for s "Note to the customer"
type_text s "写到一半"
wait_for s "写到一半" >/dev/null
radesk_pid=$(pgrep -f -- "--config $T/radesk.conf" | head -n 1)
check "radesk runs under sshd" [ -n "$radesk_pid" ]
# Cut the connection: kill the ssh client (the pane's process).
client=$(tmux -L "$SOCK" display-message -p -t s '#{pane_pid}')
kill -9 "$client"
deadline=$(within 10)
while kill -0 "$radesk_pid" 2>/dev/null; do
	[ "$(date +%s)" -ge "$deadline" ] && break
	sleep 0.1
done
check "radesk ended on hang-up" sh -c "! kill -0 $radesk_pid 2>/dev/null"
eq "no decision was written" "0" "$(sql "SELECT count(*) FROM decisions WHERE app_id=1")"
eq "still in review" "in_review" "$(sql "SELECT state FROM applications WHERE id=1")"
eq "the claim stays with alice" "alice" \
	"$(sql "SELECT o.login FROM claims c JOIN operators o ON o.id=c.operator_id WHERE c.app_id=1")"
eq "database consistent" "ok" "$(sql "PRAGMA integrity_check")"

# The deployment example (etc/sshd-radesk.conf): ForceCommand gives an
# operator's account the console whatever the client asks to run. The
# test's sshd applies the example's Match block to root, with the
# example's command line pointing at this build and this test's config.
tmux -L "$SOCK" kill-session -t s 2>/dev/null
kill "$sshd_pid" 2>/dev/null
wait "$sshd_pid" 2>/dev/null
fc=$(sed -n 's/^[[:space:]]*ForceCommand //p' "$ROOT/etc/sshd-radesk.conf")
check "the example has a ForceCommand running radesk" \
	sh -c "echo '$fc' | grep -q 'exec /usr/bin/radesk\$'"
console=$(console_cmd bob en_US.UTF-8)
fc_test=$(echo "$fc" | sed "s|exec /usr/bin/radesk|$(echo "$console" | sed 's/[|&]/\\&/g')|")
sed -e '/^[[:space:]]*#/d' -e 's/^Match Group radesk/Match User root/' \
	-e '/ForceCommand/d' "$ROOT/etc/sshd-radesk.conf" >"$T/match.conf"
{ grep -v '^Match' "$T/sshd_config"; cat "$T/match.conf"; printf '\tForceCommand %s\n' "$fc_test"; } >"$T/sshd_force"
"$SSHD" -t -f "$T/sshd_force" >"$T/sshd.log" 2>&1
check "sshd accepts the example's settings" [ $? -eq 0 ]
"$SSHD" -D -e -f "$T/sshd_force" 2>"$T/sshd.log" &
sshd_pid=$!
sleep 0.5
tmux -L "$SOCK" new-session -d -s f -x 100 -y 30 \
	"exec ssh -tt $ssh_opts root@127.0.0.1 'echo SHELL-REACHED; sh -i'"
check "ForceCommand opens the console, not the asked command" \
	wait_for f "RA20261117-0001" 10
check "the asked command never ran" sh -c "! tmux -L '$SOCK' capture-pane -p -t f | grep -q SHELL-REACHED"
send f q
wait_for f "Quit radesk?" >/dev/null
send f y
check "quitting the console ends the session" wait_for f "RADESK-EXIT=0" 10
out=$(timeout 10 ssh $ssh_opts root@127.0.0.1 'echo SHELL-REACHED' </dev/null 2>&1)
check "no shell without a terminal either" sh -c "! echo '$out' | grep -q '^SHELL-REACHED'"
kill "$sshd_pid" 2>/dev/null
finish
