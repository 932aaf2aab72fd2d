# area: E2
# file: dpi/evd_rules.c
# Protected mode for the deliver-error-code check taken from CR0.PE alone, the unrestricted-guest
# control forgotten (E2: protected when unrestricted guest is off or CR0.PE = 1).
s/int protected_mode = !inj->unrestricted_guest || inj->cr0_pe;/int protected_mode = inj->cr0_pe;/
