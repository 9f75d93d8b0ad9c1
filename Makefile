# Gezinsportaal - build, run and test.  See README.md.
#
#   make run     the portal with demo data on http://127.0.0.1:$(PORT)/
#   make test    everything: deps, build, lint, unit, integration, sanitizers,
#                a short fuzz run
#   make bench   wrk benchmark (see README, PERFORMANCE)
#   make backup  / make restore BACKUP=dir   (README, Backup and restore)
#   make soak    more than one host, and faults under load (README, Soak)

PORT      ?= 8080
STATE_DIR ?= $(CURDIR)/run
BUILD     ?= build

CC        ?= cc
WARN       = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wpointer-arith \
             -Wvla -Wimplicit-fallthrough -Wundef
HARDEN     = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
OPT       ?= -O2 -g
PG_INC    := $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
CPPFLAGS   = -D_GNU_SOURCE -Ilib -Icgi -I$(PG_INC)
CFLAGS_ALL = -std=c17 $(OPT) $(WARN) $(HARDEN) $(EXTRA_CFLAGS)
LDFLAGS_ALL= -pie -Wl,-z,relro,-z,now $(EXTRA_LDFLAGS)
LIBS       = -lfcgi -lpq -largon2 -lcrypto -lmagic -lcurl -lical -ljson-c -lqpdf \
             -ljpeg -lpng16 -lz \
             -loath -lqrencode

LIB_SRC   := $(sort $(wildcard lib/*.c))
CGI_SRC   := $(sort $(wildcard cgi/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CGI_OBJ   := $(CGI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 15
LANGS     := $(basename $(notdir $(wildcard i18n/*.po)))
MO        := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/gezinsportaal.mo) \
             $(BUILD)/locale/nl/LC_MESSAGES/gezinsportaal-jong.mo

.PHONY: all deps run test unit integration browser asan lint lint-language binaries \
        i18n locales fuzz bench screenshots clean readme-routes \
        backup restore soak

all: deps $(BUILD)/portal i18n

deps:
	@bash scripts/deps.sh

$(BUILD)/%.o: %.c $(wildcard lib/*.h cgi/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/portal: $(LIB_OBJ) $(CGI_OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^ $(LIBS) -lcmocka

# test_db checks every statement of the registry (cgi/app/stmt_registry.c),
# so it links the handlers too (not main.c).
$(BUILD)/tests/test_db: tests/unit/test_db.c $(LIB_OBJ) \
    $(filter-out $(BUILD)/cgi/app/main.o,$(CGI_OBJ))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^ $(LIBS) -lcmocka

# Translations: one .mo per language, and the locales gettext needs
# (made with localedef into the build tree; nothing outside it changes).
i18n: $(MO) locales

$(BUILD)/locale/%/LC_MESSAGES/gezinsportaal.mo: i18n/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Dutch with "je" for youths (lib/i18n.h): a second domain beside nl's.
$(BUILD)/locale/nl/LC_MESSAGES/gezinsportaal-jong.mo: i18n/jong/nl.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

locales: $(BUILD)/locales/.stamp

$(BUILD)/locales/.stamp: scripts/locales.sh
	@bash scripts/locales.sh $(BUILD)/locales
	@touch $@

run: all
	@PORT=$(PORT) STATE_DIR=$(STATE_DIR) BUILD=$(BUILD) bash scripts/run.sh

unit: deps $(UNIT_BIN) i18n
	@bash scripts/run-unit.sh $(BUILD) $(UNIT_BIN)

# (test_session and test_db also run against the stack's database, from there)
integration: all $(BUILD)/tests/test_session $(BUILD)/tests/test_db
	@BUILD=$(BUILD) bash scripts/run-integration.sh

# Headless chromium: axe (WCAG 2.1 AA) on every page, reflow, keyboard.
browser: all
	@BUILD=$(BUILD) bash scripts/run-browser.sh

# Everything make test compiles, a file per core at a time (make -j; the
# stages themselves then run one after another).
NPROC     := $(shell nproc 2>/dev/null || echo 2)
binaries: $(BUILD)/portal $(UNIT_BIN) i18n

# The whole suite again, built with AddressSanitizer and UBSan.
ASAN_VARS  = BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" HARDEN="-fstack-protector-strong -fPIE"
asan:
	@$(MAKE) --no-print-directory -j$(NPROC) $(ASAN_VARS) binaries
	@$(MAKE) --no-print-directory $(ASAN_VARS) unit integration

test: deps
	@rm -f $(BUILD)/results.txt build-asan/results.txt
	@status=0; \
	$(MAKE) --no-print-directory -j$(NPROC) binaries || status=1; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory lint-language || status=1; \
	$(MAKE) --no-print-directory unit || status=1; \
	$(MAKE) --no-print-directory integration || status=1; \
	$(MAKE) --no-print-directory browser || status=1; \
	$(MAKE) --no-print-directory asan || status=1; \
	$(MAKE) --no-print-directory fuzz || status=1; \
	bash scripts/summary.sh $(BUILD)/results.txt build-asan/results.txt || status=1; \
	exit $$status

# Every parser's libFuzzer target, briefly (longer: FUZZ_SECONDS=600).
fuzz: deps
	@bash scripts/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_SRC)

lint: deps $(BUILD)/portal
	@bash scripts/lint.sh

# README.md's route list written again from `portal routes` (make lint
# fails when they differ).
readme-routes: $(BUILD)/portal
	@BUILD=$(BUILD) bash scripts/readme-routes.sh

# Plain Dutch (B1) in i18n/nl.po: sentences of at most 20 words, at most 12
# per sentence on a page, Flesch-Douma 60 or more, no word from
# i18n/jargon-nl.txt; then the linter's own unit tests (tests/language).
# Appends "lint-language PASSED FAILED" (the tests, plus 1 for the nl.po
# check) to $(BUILD)/results.txt.
lint-language: deps
	@mkdir -p $(BUILD)
	@p=0; f=0; \
	if /usr/bin/python3 scripts/lint-language.py; then p=1; else f=1; fi; \
	/usr/bin/python3 -m unittest discover -s tests/language -v \
	    >$(BUILD)/lint-language.log 2>&1; rc=$$?; \
	cat $(BUILD)/lint-language.log; \
	tp=$$(grep -cE ' \.\.\. ok$$' $(BUILD)/lint-language.log); \
	tf=$$(grep -cE ' \.\.\. (FAIL|ERROR|unexpected success)$$' $(BUILD)/lint-language.log); \
	if [ $$rc -ne 0 ] && [ $$tf -eq 0 ]; then tf=1; fi; \
	if [ $$rc -eq 0 ] && [ $$tp -eq 0 ]; then tf=1; fi; \
	echo "lint-language $$((p + tp)) $$((f + tf))" >>$(BUILD)/results.txt; \
	echo "lint-language: $$((p + tp)) passed, $$((f + tf)) failed"; \
	[ $$((f + tf)) -eq 0 ]

# The main pages as PNG at phone and desktop width (not part of make test).
screenshots: all
	@BUILD=$(BUILD) STATE_DIR=$(STATE_DIR) bash scripts/screenshots.sh

bench: all
	@BUILD=$(BUILD) bash scripts/bench.sh

# Two portal hosts behind one nginx and one PostgreSQL, under load, while
# hosts, workers, PostgreSQL and the mail path fail (not in make test;
# README, "Soak"). SOAK_SECONDS per scenario.
soak: all
	@BUILD=$(BUILD) bash scripts/soak.sh

# A running stack's database (pg_dump, custom format) and secret into a new
# directory under ./backup; and a new stack from one (README, "Backup and
# restore").
backup:
	@STATE_DIR=$(STATE_DIR) bash scripts/backup.sh

restore: all
	@BUILD=$(BUILD) PORT=$(PORT) STATE_DIR=$(or $(RESTORE_DIR),$(CURDIR)/run-restored) \
	    BACKUP=$(BACKUP) bash scripts/restore.sh

clean:
	rm -rf build build-asan
