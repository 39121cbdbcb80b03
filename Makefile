# radesk — registration-office back office of a certificate authority.
#
#   make            build build/radesk (and the sandbox server)
#   make run        deps, build, demo database under ./var, sandbox, console
#   make test       deps, build, unit + console tests, then again under ASan+UBSan
#   make check      unit + console tests of the current build only
#   make asan       the sanitizer build (build-asan/)
#   make bench      benchmarks (docs/PERFORMANCE.md)
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each (default 60)
#   make valgrind   unit + console tests under valgrind
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       install missing Debian packages (idempotent)
#   make deb        the Debian package (debian/) into $(BUILD)/deb/
#   make test-clients  the slow real-client suites: builds, installs and
#                   purges the package (tests/deb/run.sh; CI runs it)
#   make pot        refresh po/radesk.pot from the sources
#
# BUILD=dir puts every artefact under dir (default build/); V=1 is verbose;
# WERROR=0 drops -Werror (it is on by default, as in CI).

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
SAN     ?= 0
WERROR  ?= 1

ifeq ($(V),1)
Q :=
else
Q := @
endif

CC ?= cc
PKGS := ncursesw sqlite3 libcurl libcrypto xlsxwriter libzip jansson chafa libpng libjpeg \
        tesseract lept cairo pangocairo fontconfig libutf8proc
# ncursesw.pc adds -D_XOPEN_SOURCE=600; we set our own feature macros.
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lgif -lm
TEST_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)
MHD_CFLAGS  := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS    := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wwrite-strings -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN += -Werror
endif

OPT := -O2 -g
ifeq ($(SAN),1)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
       -fno-sanitize-recover=all
endif

CPPFLAGS += -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DNCURSES_WIDECHAR=1 \
            -DLOCALEDIR='"$(PREFIX)/share/locale"' \
            -DDATADIR='"$(PREFIX)/share/radesk"' \
            -DSYSCONFDIR='"/etc"' \
            -Isrc -I. -I$(BUILD)/gen
CFLAGS  += -std=c11 $(OPT) $(WARN) -MMD -MP
LDFLAGS += $(filter -fsanitize=%,$(OPT))

# Rooms. Everything except main.c, the cmd_*.c subcommands and screens/
# is linked into the unit tests, which must not need curses; commands are
# tested end to end through the binary.
CORE_SRC    := $(sort $(wildcard src/core/*.c))
LIB_SRC     := $(sort $(wildcard src/store/*.c src/ingest/*.c src/net/*.c \
                                 reports/*.c src/*.c))
CMD_SRC     := $(sort $(wildcard src/cmd_*.c))
LIB_SRC     := $(filter-out src/main.c $(CMD_SRC),$(LIB_SRC))
UI_SRC      := $(sort $(wildcard screens/*.c screens/widgets/*.c))
MIGRATIONS  := $(sort $(wildcard db/*.sql))
GEN_SRC     := $(BUILD)/gen/migrations.c
SANDBOX_SRC := $(sort $(wildcard tests/sandbox/*.c))
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))
UNIT_HELPER := $(sort $(wildcard tests/unit/helpers/*.c))
BENCH_SRC   := $(sort $(wildcard tests/bench/*.c))
SCANFIX_SRC := tests/scanread/fixtures.c

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

CORE_OBJ    := $(call obj,$(CORE_SRC))
LIB_OBJ     := $(call obj,$(LIB_SRC)) $(BUILD)/obj/gen/migrations.o
UI_OBJ      := $(call obj,$(UI_SRC))
MAIN_OBJ    := $(call obj,src/main.c $(CMD_SRC))
SANDBOX_OBJ := $(call obj,$(SANDBOX_SRC))
HELPER_OBJ  := $(call obj,$(UNIT_HELPER))
UNIT_BIN    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_OBJ   := $(call obj,$(BENCH_SRC))

RADESK   := $(BUILD)/radesk
SANDBOX  := $(BUILD)/radesk-sandbox
BENCH    := $(BUILD)/radesk-bench
SCANFIX  := $(BUILD)/radesk-scanfix
PO       := $(sort $(wildcard po/*.po))
MO       := $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/radesk.mo,$(PO))

.PHONY: all run test check unit console asan bench fuzz fuzz-build \
        install clean deps pot valgrind distclean deb test-clients

all: $(RADESK) $(if $(SANDBOX_SRC),$(SANDBOX)) $(MO)

$(RADESK): $(MAIN_OBJ) $(UI_OBJ) $(LIB_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(SANDBOX): $(SANDBOX_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MHD_LIBS) $(shell pkg-config --libs jansson libcrypto libutf8proc 2>/dev/null)

# The benchmark driver (tests/bench/, docs/PERFORMANCE.md): the store and
# the image code without the console, like the unit tests.
$(BENCH): $(BENCH_OBJ) $(LIB_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The reading suite's driver (tests/scanread/run.sh), linked the same way.
$(SCANFIX): $(call obj,$(SCANFIX_SRC)) $(LIB_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/tests/sandbox/%.o: tests/sandbox/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(MHD_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(TEST_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(GEN_SRC): $(MIGRATIONS) tools/embed-sql.sh
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)sh tools/embed-sql.sh $@ $(MIGRATIONS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(HELPER_OBJ) $(LIB_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(PKG_LIBS)

# The replay test runs the fuzz targets, built by the same compiler.
$(BUILD)/tests/test_fuzz_replay: $(call obj,$(FUZZ_SRC))

$(BUILD)/locale/%/LC_MESSAGES/radesk.mo: po/%.po
	@mkdir -p $(@D)
	@echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

# ---------------------------------------------------------------- tests

check: unit console

unit: all $(UNIT_BIN)
	$(Q)sh tests/run-unit.sh $(BUILD)

console: all $(BENCH) $(SCANFIX)
	$(Q)sh tests/run-console.sh $(BUILD)

test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory check
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SAN=1 all
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SAN=1 check

asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SAN=1 all $(patsubst $(BUILD)/%,build-asan/%,$(UNIT_BIN))

# Unit tests and console tests under valgrind (tests/valgrind.sh, with
# tests/valgrind.supp); slow, so not part of make test.
valgrind:
	$(Q)sh tools/deps.sh valgrind
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BIN)
	$(Q)VALGRIND=1 sh tests/run-unit.sh $(BUILD)
	$(Q)VALGRIND=1 sh tests/run-console.sh $(BUILD)

# Not tests/bench/run.sh: run-console.sh runs every tests/*/run.sh, and
# the full benchmark is no test (tests/bench-smoke/run.sh is).
bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BENCH)
	$(Q)sh tests/bench/bench.sh $(BUILD)

# The Debian package, built from a copy of the tree under $(BUILD)/deb/
# (tools/make-deb.sh), lintian-checked. test-clients builds it, installs
# it on this machine (root), runs it as a fresh operator and purges it.
deb:
	$(Q)sh tools/make-deb.sh $(BUILD)

test-clients: all
	$(Q)RADESK_SLOW_CLIENTS=1 sh tests/deb/run.sh $(BUILD)

# ---------------------------------------------------------------- fuzz
#
# clang + libFuzzer with ASan and UBSan (tools/deps.sh fuzz installs them).
# Library and core objects go into one archive so that each target links
# only what it uses; the targets are tests/fuzz/fuzz_*.c.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                $(filter-out -Werror,$(WARN)) -Wno-string-concatenation -MMD -MP
FUZZ_LIB     := $(BUILD)/fuzz/libradesk-fuzz.a
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
fuzzobj = $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(1))

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC/FUZZ $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -DRD_FUZZ_ENTRY $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/fuzz/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	@echo "  CC/FUZZ $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(call fuzzobj,$(LIB_SRC) $(CORE_SRC)) $(BUILD)/fuzz/obj/gen/migrations.o
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	@echo "  LD/FUZZ $@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz:
	$(Q)sh tools/deps.sh fuzz
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)sh tests/fuzz/fuzz.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

# ---------------------------------------------------------------- run

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tools/run-demo.sh $(BUILD)

deps:
	$(Q)sh tools/deps.sh

pot:
	$(Q)xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -kC_:1c,2 -kNC_:1c,2 -c/ -o po/radesk.pot \
		--package-name=radesk $(CORE_SRC) $(LIB_SRC) $(UI_SRC) src/main.c \
		$(CMD_SRC) \
		$(wildcard src/*/*.h src/*.h screens/*.h screens/widgets/*.h)
	$(Q)for p in $(PO); do msgmerge -q -U --backup=none --no-fuzzy-matching $$p po/radesk.pot; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/radesk $(DESTDIR)/etc/radesk
	install -m 755 $(RADESK) $(DESTDIR)$(PREFIX)/bin/radesk
	install -m 755 $(SANDBOX) $(DESTDIR)$(PREFIX)/bin/radesk-sandbox
	install -m 644 man/radesk.1 $(DESTDIR)$(PREFIX)/share/man/man1/radesk.1
	for m in $(MO); do \
		l=$$(echo $$m | sed 's|$(BUILD)/locale/||'); \
		install -D -m 644 $$m $(DESTDIR)$(PREFIX)/share/locale/$$l; \
	done
	for f in etc/*; do [ -f "$$f" ] && install -m 644 "$$f" \
		$(DESTDIR)$(PREFIX)/share/radesk/; done; true
	if [ -d etc/demo ]; then cp -R etc/demo $(DESTDIR)$(PREFIX)/share/radesk/; fi

clean:
	rm -rf $(BUILD) build-asan

distclean: clean
	rm -rf var

# Keep objects and generated sources that make would treat as intermediate.
.SECONDARY:

-include $(shell find $(BUILD)/obj $(BUILD)/fuzz/obj -name '*.d' 2>/dev/null)
