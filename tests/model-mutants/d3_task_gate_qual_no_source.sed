# area: D3
# file: dpi/evd_model.c
# The task-switch exit qualification without its source bits 31:30 (3, an IDT task gate): the TSS
# selector alone.
s/\.qualification = 3ull << 30 | tss,/.qualification = tss,/
