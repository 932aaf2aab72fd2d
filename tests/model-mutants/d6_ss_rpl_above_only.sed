# area: D6
# file: dpi/evd_rules.c
# Protected mode: the RPL of the new SS (from the TSS) checked as not above the new CPL, not as
# equal to it (RPL <= DPL, the rule for loading a data segment, taken for the stack's).
s/if (beyond_gdt(ss, gdt_limit) || (ss \& 3) != new_cpl)/if (beyond_gdt(ss, gdt_limit) || (ss \& 3) > new_cpl)/
