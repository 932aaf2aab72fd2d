# area: X1
# file: dpi/evd_model.c
# Every exit saves GUEST_ACTIVITY_STATE, also with save_activity 0.
s/if (m->cfg\[VME_CFG_SAVE_ACTIVITY\]) machine_vmcs_write/machine_vmcs_write/
