# area: M8
# file: dpi/evd_rules.c
# A pending debug trap ahead of MTF (the two priorities swapped).
/^    if (p->mtf) return PRIO_MTF;$/{N;s/\(.*\)\n\(.*\)/\2\n\1/}
