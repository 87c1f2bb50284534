# SPDX-License-Identifier: GPL-2.0
# Bad E820 maps from the toolstack (issue 30 item 3): the maps of
# tests/e820-bad, each a defect a toolstack can hand a PV domU through
# XENMEM_set_memory_map, which Xen does not check.  Each map's header
# states each kernel's outcome (boots, with the warning it must print, or
# a clean stop with its reason on the console), and the e820map scenario's
# machinery boots a domU per map and asserts it; a domU that boots gets
# every check, against the map it was given.
E820_DIR=$TOP/tests/e820-bad
E820_MAPS=${E820_MAPS:-$(cd "$E820_DIR" && ls -- *.e820)}
. "$TOP/tests/boot/e820map.sh"
