# SPDX-License-Identifier: GPL-2.0
# localmigrate.sh in frame-list mode: the domU boots with xen_p2m_view=off
# (a debugging parameter of the series: no linear view, shared_info's
# p2m_cr3 = 0), so libxenguest migrates it through the p2m frame list, the
# mode in which it never re-checks the p2m during a live migration.  Each
# migration must say the toolstack read the frame list ("p2m list from"
# absent from its log) and end as in localmigrate.sh.  Our kernel only:
# 6.12 has no such parameter (its domUs always publish the list).
MIGRATE_DOMU_CMDLINE=xen_p2m_view=off
MIGRATE_MODE=framelist
. "$(dirname "${BASH_SOURCE[0]}")/localmigrate.sh"
