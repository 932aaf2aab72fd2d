# area: A3
# file: dpi/evd_model.c
# Only VMLAUNCH loads the VMX-preemption timer; VMRESUME goes on with the value the last run left
# (A3: each entry loads it).
s/if (BIT(md->pin, PIN_PREEMPTION_TIMER_BIT)) { \/\* A3: each entry/if (is_launch \&\& BIT(md->pin, PIN_PREEMPTION_TIMER_BIT)) { \/* A3: each entry/
