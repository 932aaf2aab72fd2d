# area: D2
# file: dpi/evd_model.c
# The gate checks in the wrong order: present before type (D2: limit, type, DPL, present).
/^    if (!present) return raise_fault(f, 11, idt_error_code(ev->vector, ext));$/d
s/^    if (!ok_type) return raise_fault/    if (!present) return raise_fault(f, 11, idt_error_code(ev->vector, ext));\n&/
