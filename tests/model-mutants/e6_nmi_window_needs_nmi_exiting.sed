# area: E6
# file: dpi/evd_rules.c
# NMI-window exiting checked against NMI exiting (pin bit 3) instead of virtual NMIs (pin bit 5).
s/BIT(proc, CPU_NMI_WINDOW_BIT) \&\& !BIT(pin, PIN_VIRTUAL_NMIS_BIT)/BIT(proc, CPU_NMI_WINDOW_BIT) \&\& !BIT(pin, PIN_NMI_EXITING_BIT)/
