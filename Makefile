# marsad build. Targets:
#   make            library, CLI (build/marsad) and unit-test binary
#   make check      every test, in the normal build and in the ASan+UBSan build; ends "N passed, N failed"
#   make test       every test in the normal build only (quicker)
#   make demo       ingest the bundled sample corpus into build/demo.db and show the stories
#   make fuzz       libFuzzer targets in build-fuzz/ (clang);  make fuzz-run FUZZ_SECONDS=60
#   make bench-...  benchmarks on ../shared/data (see README.md, Development)
# Variables: BUILD=dir (default build), SAN=1 (sanitizers; default dir build-san), CC, OPT.

CC ?= cc
SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build-san
OPT ?= -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
else
BUILD ?= build
OPT ?= -O2 -g
SANFLAGS :=
endif

PKGS := jansson libutf8proc libexttextcat libxxhash libzstd sqlite3 zlib libmicrohttpd icu-uc icu-i18n
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-Iinclude -Isrc -Itests $(PKG_CFLAGS)
CFLAGS := $(CFLAGS_BASE) $(OPT) $(SANFLAGS) $(EXTRA_CFLAGS)
LDLIBS := $(PKG_LIBS) -lstemmer -lm -lpthread
LDFLAGS := $(SANFLAGS) $(EXTRA_LDFLAGS)
# gumbo is the reference HTML parser the tests compare marsad's own against; only the tests link it.
TEST_LIBS := $(shell pkg-config --libs gumbo 2>/dev/null)

LIB_SRC := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*'))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/*.c)) tests/unit_main.c
DATA := $(sort $(wildcard data/*.txt data/*.tsv))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/data.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

all: $(BUILD)/marsad $(BUILD)/unit

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/data.c: $(BUILD)/tools/embed $(DATA)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(DATA)

$(BUILD)/gen/data.o: $(BUILD)/gen/data.c
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libmarsad.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/marsad: $(CLI_OBJ) $(BUILD)/libmarsad.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/unit: $(TEST_OBJ) $(BUILD)/libmarsad.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

# The normal build's tests, then the sanitizer build's; the last line sums both.
check:
	@scripts/check

test: all
	@tests/run $(BUILD)

demo: all
	@rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	$(BUILD)/marsad --db $(BUILD)/demo.db ingest samples/corpus
	$(BUILD)/marsad --db $(BUILD)/demo.db stories
	$(BUILD)/marsad --db $(BUILD)/demo.db story 1

format:
	clang-format -i $$(find include src tests fuzz bench tools -name '*.[ch]')

# libFuzzer targets: clang, with ASan+UBSan, one binary per fuzz/*.c.
FUZZ_BUILD := build-fuzz
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
		EXTRA_LDFLAGS="-fsanitize=address,undefined" $(FUZZ_BUILD)/libmarsad.a
	@for src in $(FUZZ_SRC); do \
		name=$$(basename $$src .c); \
		echo "clang $$src"; \
		clang $(CFLAGS_BASE) -O1 -g -fsanitize=fuzzer,address,undefined $$src \
			$(FUZZ_BUILD)/libmarsad.a $(LDLIBS) -o $(FUZZ_BUILD)/$$name || exit 1; \
	done

fuzz-run: fuzz
	@scripts/fuzz-run $(FUZZ_SECONDS)

# Benchmarks on the evaluation data (not shipped; paths overridable). See README.md, Development.
SHARED ?= ../shared/data
AEB ?= $(SHARED)/aeb
$(BUILD)/aeb_run: bench/aeb_run.c $(BUILD)/libmarsad.a
	$(CC) $(CFLAGS) $(if $(wildcard /usr/include/libdeflate.h),-DAEB_LIBDEFLATE) -o $@ $^ $(LDLIBS) $(if $(wildcard /usr/include/libdeflate.h),-ldeflate)
bench-aeb: $(BUILD)/aeb_run
	python3 bench/aeb_eval.py --driver $(BUILD)/aeb_run $(AEB)
bench-html: $(BUILD)/aeb_run
	bench/compare_html.sh $(AEB) $(BUILD)
bench-ingest: all
	bench/bench_ingest.sh $(SHARED)/saudinewsnet/articles.jsonl.gz 5 $(BUILD)/marsad --no-stories
	bench/bench_ingest.sh $(SHARED)/saudinewsnet/articles.jsonl.gz 5 $(BUILD)/marsad
	bench/bench_flat.sh $(SHARED)/saudinewsnet/articles.jsonl.gz 5000 3 $(BUILD)/marsad

clean:
	rm -rf build build-san build-fuzz

.PHONY: all check test demo format fuzz fuzz-run clean bench-aeb bench-html bench-ingest

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
