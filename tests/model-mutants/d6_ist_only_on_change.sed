# area: D6
# file: dpi/evd_rules.c
# The IST stack taken only on a privilege change (D6: an IST gate switches stacks also without one).
s/if (ist != 0) return (int)/if (ist != 0 \&\& new_cpl < cpl) return (int)/
