# area: E4
# file: dpi/evd_model.c
# E3 before E2 and E6: when a control check and a guest-state check both fail, the VM-entry failure
# is reported, not VMfailValid.
s/^    if (!injection_ok || !controls_ok) {/    if (guest_state_ok \&\& (!injection_ok || !controls_ok)) {/
