#!/bin/sh
# make-deb.sh BUILD — the Debian package, built outside the work tree.
#
# Copies the files git knows (tracked, and new ones not ignored) into
# BUILD/deb/radesk-VERSION/, runs dpkg-buildpackage -us -uc -b there and
# lintian on the result; the .deb lands in BUILD/deb/. Nothing is written
# into the source tree, so a build leaves `git status` clean.
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
out=$(mkdir -p "$build" && cd "$build" && pwd)/deb
src=$out/radesk-$version
rm -rf "$out"
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
	xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	xargs -0 cp --parents -t "$src"
cd "$src"
echo "deb: dpkg-buildpackage in $src"
dpkg-buildpackage -us -uc -b -j"${JOBS:-2}" >"$out/build.log" 2>&1 || {
	tail -40 "$out/build.log"
	echo "deb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
cd "$out"
changes=$(ls radesk_*.changes)
# Lintian at its default level: errors and warnings fail the build.
lintian --fail-on error,warning "$changes" >"$out/lintian.log" 2>&1 || {
	cat "$out/lintian.log"
	echo "deb: lintian is not clean" >&2
	exit 1
}
cat "$out/lintian.log"
ls "$out"/radesk_*.deb
