#!/bin/sh
# tests/valgrind.sh CMD [ARGS...] — run CMD under valgrind the way make
# valgrind wants it: memcheck, every leak that is ours (definite and
# indirect) and every invalid access an error, exit status 99 on any
# error, the suppressions of tests/valgrind.supp (library internals
# only). With VG_LOG=DIR the report goes to DIR/valgrind.PID (consoles
# in tmux have no stderr to read); otherwise to stderr. VG_OPTS adds
# options (e.g. --track-origins=yes when chasing an uninitialised value).
here=$(cd "$(dirname "$0")" && pwd)
# libjpeg-turbo's SIMD upsampling (JPEGs decoded at 1/8 scale) computes
# over whole vector registers, padding included; memcheck cannot follow
# that and reports the pixels as uninitialised wherever they are used
# (in libchafa). The scalar code gives the same pixels and is clean.
export JSIMD_FORCENONE=1
set -- --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	--num-callers=30 --child-silent-after-fork=yes --suppressions="$here/valgrind.supp" ${VG_OPTS:-} "$@"
if [ -n "${VG_LOG:-}" ]; then
	exec valgrind --log-file="$VG_LOG/valgrind.%p" "$@"
fi
exec valgrind -q "$@"
