# area: D4
# file: dpi/evd_model.c
# The IVT limit check looks at the entry's first byte (4v > limit), not its last (4v + 3 > limit).
s/if (4u \* ev->vector + 3 > md->idtr_limit)/if (4u * ev->vector > md->idtr_limit)/
