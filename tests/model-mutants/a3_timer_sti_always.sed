# area: A3
# file: dpi/evd_rules.c
# STI/MOV-SS blocking holds the timer exit whatever timer_sti says.
s/const int timer = p->timer_zero \&\& !(p->timer_sti \&\& (sti || movss));/const int timer = p->timer_zero \&\& !(sti || movss);/
