# area: D2
# file: dpi/evd_model.c
# IA-32e: the trap gate clears IF and the interrupt gate keeps it (the gate types swapped).
s/rflags_after_gate(md->rflags, type == 0xe)/rflags_after_gate(md->rflags, type == 0xf)/
