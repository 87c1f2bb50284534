# SPDX-License-Identifier: GPL-2.0
# xen-p2m workbench.  The two commands: "make run" and "make check".
# BASE=1 works with every target below and uses the unpatched base kernel;
# FIXES=1 (build, boot) the series' fixes prefix alone, on 6.12's own list.

SHELL := /bin/bash
export BASE FIXES

.PHONY: run check check-slow deps tree series build boot bench bench-guest bench-migrate clean help

run:            ## build the patched kernel, boot it as dom0 under Xen in QEMU, summarise
	@scripts/run.sh

check:          ## every fast test; ends with "N passed, N failed"
	@scripts/check.sh fast

check-slow:     ## every patch builds on its own; the slow boot scenarios (large dom0s)
	@scripts/check.sh slow

deps:           ## apt-get install what is missing (needs root)
	@scripts/deps.sh

tree:           ## build/linux = Debian's linux-source-6.12 + patches/series (FORCE=1 starts over)
	@scripts/tree.sh

series:         ## export build/linux's commits back to patches/ (deterministic)
	@scripts/series.sh

build:          ## build the kernel (build/kbuild; build/kbuild-base with BASE=1, build/kbuild-fixes with FIXES=1)
	@scripts/build.sh

boot:           ## boot one scenario: make boot S=small (see tests/boot/)
	@test -n "$(S)" || { echo "usage: make boot S=<scenario>"; ls tests/boot; exit 2; }
	@scripts/build.sh && scripts/boot.sh $(S)

bench:          ## user-space benchmarks: tree vs flat array vs linear-list model (BENCH lines)
	@scripts/bench.sh

bench-guest:    ## in-guest figures and boot times, this series vs the base: make bench-guest [S="small large130"] [ROUNDS=2] [ICOUNT=0] [VS_OBJ=DIR]
	@bench/guest.sh $(S)

bench-migrate:  ## an idle domU's live migration, this series vs the base (lab hypervisor): [RUNS=3] [ICOUNT=0]
	@bench/migrate.sh

clean:          ## remove build/ (the kernel trees, objects, logs)
	rm -rf build

help:
	@grep -E '^[a-z-]+: .*##' Makefile | sed 's/:.*##/\t/'
