# area: E1
# file: dpi/evd_rules.c
# VMLAUNCH on a launched VMCS fails with error 5, the VMRESUME one, instead of 4 (the two error
# numbers mixed up).
s/if (is_launch \&\& launched) return VMERR_VMLAUNCH_NONCLEAR;/if (is_launch \&\& launched) return VMERR_VMRESUME_NONLAUNCHED;/
