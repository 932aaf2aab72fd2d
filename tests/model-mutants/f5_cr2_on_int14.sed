# area: F5
# file: dpi/evd_model.c
# INT 14 (a software interrupt) writes CR2 like a #PF.
s/if (ev\.vector == 14 \&\& ev\.type == ITYPE_HARD_EXC) write_cr2/if (ev.vector == 14) write_cr2/
