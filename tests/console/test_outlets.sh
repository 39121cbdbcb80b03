#!/bin/sh
# The shipping screen filtered by outlet (issue 15, channels and
# outlets): with [channels] and a second outlet's production line
# configured, o cycles all outlets → default → minhang → all, and the
# day's list shows only that outlet's shipments.
. "$(dirname "$0")/lib.sh"
setup
cat >>"$T/radesk.conf" <<CONF
[channels]
web = default
wechat = minhang
[provider.production.minhang]
base_url = http://127.0.0.1:9
CONF
# Today's shipments: SF2001 of RA20261118-0002 (default outlet) and
# SF2002 of RA20261119-0004 (minhang).
sql "UPDATE applications SET state='shipped' WHERE id IN (2,4);
     UPDATE app_versions SET outlet='minhang' WHERE app_id=4;
     INSERT INTO shipments(id,app_id,waybill_no,carrier,state,created_at,
      updated_at) VALUES
      (1,2,'SF2001','generic','picked_up',1795136400,1795136400),
      (2,4,'SF2002','generic','picked_up',1795136500,1795136500);"

start s sue en_US.UTF-8 80 24
wait_for s "RA20261117-0001" || finish
send s S
check "every outlet's shipments" wait_for s "SF2002"
check "both" wait_for s "SF2001"
check "the header says all outlets" wait_for s "all outlets (o)"
send s o
check "the default outlet" wait_for s "outlet default (o)"
check "only its shipment" wait_gone s "SF2002"
check "which is SF2001" wait_for s "SF2001"
send s o
check "the minhang outlet" wait_for s "outlet minhang (o)"
check "only minhang's" wait_gone s "SF2001"
check "which is SF2002" wait_for s "SF2002"
send s o
check "round to all" wait_for s "all outlets (o)"
check "both again" wait_for s "SF2001"
finish
