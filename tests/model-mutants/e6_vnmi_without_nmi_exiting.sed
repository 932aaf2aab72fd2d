# area: E6
# file: dpi/evd_rules.c
# The check that virtual NMIs need NMI exiting dropped.
/BIT(pin, PIN_VIRTUAL_NMIS_BIT) \&\& !BIT(pin, PIN_NMI_EXITING_BIT)/,+1d
