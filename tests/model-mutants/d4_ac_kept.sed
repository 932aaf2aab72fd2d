# area: D4
# file: dpi/evd_model.c
# Real-mode delivery clears IF and TF but not AC.
s/md->rflags \&= ~(uint64_t)(RFLAGS_IF | RFLAGS_TF | RFLAGS_AC);/md->rflags \&= ~(uint64_t)(RFLAGS_IF | RFLAGS_TF);/
