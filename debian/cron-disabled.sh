#!/bin/sh
# cron-disabled.sh FILE — the cron example as the package installs it in
# /etc/cron.d/radesk: every job line commented out (the admin enables
# what the site wants after `radesk init`), PATH without /usr/local.
sed -e 's|^PATH=/usr/local/bin:|PATH=|' \
    -e 's|^\([*0-9@]\)|#\1|' "$1"
