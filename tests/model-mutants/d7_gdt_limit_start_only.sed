# area: D7
# file: dpi/evd_rules.c
# The GDT limit check looks at the descriptor's first byte (selector & ~7), not its last (selector
# | 7).
s/(uint64_t)(sel | 7) > gdt_limit/(uint64_t)(sel \& ~7) > gdt_limit/
