# area: A1
# file: dpi/evd_model.c
# An external interrupt acknowledged on exit stays pending, and comes again at the next entry.
/if (!BIT(md->exit_controls, 15))/,/md->extint_pending = 0;/{/md->extint_pending = 0;/d}
