# area: D2
# file: dpi/evd_model.c
# The #GP of the gate-DPL check of INT n / INT3 / INTO takes EXT like the other IDT faults (D2: its
# error code is 8v + 2, no EXT).
# survives: equivalent. The DPL check runs only for types 4 and 6, and an event of those types is
# survives: only ever the first attempt of a delivery (after a nested exception the event delivered
# survives: is a hardware exception), whose EXT is 0 by F1: ext is always 0 where the check runs.
s/return raise_fault(f, 13, idt_error_code(ev->vector, 0));/return raise_fault(f, 13, idt_error_code(ev->vector, ext));/
