# area: D2
# file: dpi/evd_model.c
# The IA-32e IDT limit check off by one: a gate whose last byte is at the limit faults (> became
# >=).
s/if (16u \* ev->vector + 15 > md->idtr_limit)/if (16u * ev->vector + 15 >= md->idtr_limit)/
