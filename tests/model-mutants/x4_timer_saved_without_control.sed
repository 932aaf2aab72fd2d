# area: X4
# file: dpi/evd_model.c
# The VMX-preemption timer value saved at exits whenever the timer is active (pin bit 6), not when
# exit control bit 22 asks for it.
s/if (BIT(md->exit_controls, EXITCTL_SAVE_TIMER_BIT)) \/\* X4/if (BIT(md->pin, PIN_PREEMPTION_TIMER_BIT)) \/* X4/
