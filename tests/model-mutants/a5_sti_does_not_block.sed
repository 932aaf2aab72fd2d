# area: A5
# file: dpi/evd_rules.c
# STI blocking holds neither the interrupt window nor external interrupts: only MOV-SS blocking
# does.
s/if (sti || movss) return PRIO_NONE;/if (movss) return PRIO_NONE;/
