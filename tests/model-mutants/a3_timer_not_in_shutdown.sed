# area: A3
# file: dpi/evd_rules.c
# In the shutdown state the timer exit is never taken (A3: active, HLT and shutdown).
s/return timer ? PRIO_TIMER : nmi_window ? PRIO_NMI_WINDOW :/return nmi_window ? PRIO_NMI_WINDOW :/
