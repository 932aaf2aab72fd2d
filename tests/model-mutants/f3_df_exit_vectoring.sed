# area: F3
# file: dpi/evd_model.c
# A #DF that exits through bitmap bit 8 reports the event that was being delivered in the
# IDT-vectoring information (F3: invalid).
s/\.intr_info = exception_info(ITYPE_HARD_EXC, 8, df_ec)});/.intr_info = exception_info(ITYPE_HARD_EXC, 8, df_ec), .idt_vectoring_info = event_info(\&ev)});/
