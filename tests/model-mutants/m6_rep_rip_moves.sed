# area: M6
# file: dpi/evd_model.c
# A REP iteration that is not the last moves RIP past the instruction.
s/instruction_completed(md, last ? rip + len : rip,/instruction_completed(md, rip + len,/
