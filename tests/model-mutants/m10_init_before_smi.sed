# area: M10
# file: dpi/evd_rules.c
# INIT ahead of SMI when both are pending (the two priorities swapped).
/^    if (p->smi) return PRIO_SMI;/{N;s/\(.*\)\n\(.*\)/\2\n\1/}
