#!/bin/sh
# deps.sh — install the Debian packages radesk needs, when they are missing.
#
# The line ending in python3-pil is for `make bench` (docs/PERFORMANCE.md): the
# reference tools it measures radesk against, and Pillow to make its 2 MB scan.
# The last three lines are the real clients the tests drive (xterm under
# Xvfb, LibreOffice, CUPS, poppler) and the Debian package build.
#
# Idempotent: when every package (and the zh_CN.UTF-8 locale) is present it
# prints nothing and exits 0. Run as root, or as a user with sudo.
#
#   deps.sh            what make, make run and make test need
#   deps.sh fuzz       also clang and its libFuzzer/sanitizer runtime (make fuzz)
#   deps.sh valgrind   also valgrind (make valgrind)
set -eu

PKGS="build-essential pkg-config gettext
libncurses-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev libssl-dev
libxlsxwriter-dev libzip-dev zip unzip libjansson-dev
libchafa-dev libglib2.0-dev libjpeg62-turbo-dev libpng-dev libgif-dev
libcmocka-dev libmicrohttpd-dev libutf8proc-dev
libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng
libcairo2-dev libpango1.0-dev libfontconfig-dev fonts-wqy-microhei
tmux python3 python3-openpyxl openssh-server openssh-client locales
chafa python3-xlsxwriter python3-pil
xvfb xterm x11-apps x11-utils imagemagick libxtst6 fonts-dejavu-core
libreoffice-calc-nogui cups cups-client cups-bsd poppler-utils
debhelper dpkg-dev lintian fakeroot"
for extra in "$@"; do
	case $extra in
	fuzz) PKGS="$PKGS clang libclang-rt-14-dev" ;;
	valgrind) PKGS="$PKGS valgrind" ;;
	*) echo "deps: unknown group '$extra' (fuzz, valgrind)" >&2; exit 64 ;;
	esac
done

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	elif [ -n "$missing" ]; then
		echo "deps: missing Debian packages:$missing" >&2
		echo "deps: run 'make deps' as root, or install them with apt-get" >&2
		exit 1
	fi
fi

if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# The console speaks Chinese when the locale asks for it; tests pin
# zh_CN.UTF-8 and en_US.UTF-8, so both must exist.
need_locale=""
for l in zh_CN.utf8 en_US.utf8; do
	locale -a 2>/dev/null | grep -qx "$l" || need_locale="$need_locale $l"
done
if [ -n "$need_locale" ]; then
	echo "deps: generating locales:$need_locale"
	for l in zh_CN.UTF-8 en_US.UTF-8; do
		grep -q "^$l UTF-8" /etc/locale.gen 2>/dev/null ||
			echo "$l UTF-8" | $SUDO tee -a /etc/locale.gen >/dev/null
	done
	$SUDO locale-gen >/dev/null
fi
