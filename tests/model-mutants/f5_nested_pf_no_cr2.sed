# area: F5
# file: dpi/evd_model.c
# A #PF met during delivery that does not exit leaves CR2 alone.
/if (f\.vector == 14) write_cr2(md, m, f\.addr);/d
