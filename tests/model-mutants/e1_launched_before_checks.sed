# area: E1
# file: dpi/evd_model.c
# VMLAUNCH marks the VMCS launched as soon as E1 passes, also when E2, E6 or E3 then fail (E1: only
# a VMLAUNCH that gets past E3 does).
/^    if (is_launch) machine_vmcs_write(m, VMCS_VMCS_LAUNCH_STATE, 1);$/d
s/^    load_guest_state(md, m);$/&\n    if (is_launch) machine_vmcs_write(m, VMCS_VMCS_LAUNCH_STATE, 1);/
