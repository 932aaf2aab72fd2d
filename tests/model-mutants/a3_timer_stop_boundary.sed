# area: A3
# file: dpi/evd_model.c
# The timer's stop at 0 written with <= instead of <: a decrement equal to the timer takes the
# subtraction branch (A3: it drops by the decrement, stopping at 0).
# survives: equivalent. The two conditions differ only when the decrement equals the timer, and
# survives: there both branches give 0 (timer - dec = 0).
s/md->timer = dec < md->timer ? md->timer - dec : 0;/md->timer = dec <= md->timer ? md->timer - dec : 0;/
