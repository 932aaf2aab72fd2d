# area: E3
# file: dpi/evd_rules.c
# The supported-activity-state bit off by one: state S is looked up at bit S of activity_states,
# not S - 1.
s/BIT(rc->activity_states, gs->activity - 1)/BIT(rc->activity_states, gs->activity)/
