# area: M8
# file: dpi/evd_model.c
# The MTF exit saves GUEST_PENDING_DBG_EXCEPTIONS as 0: a debug trap it won over is lost.
s/\.reason = EXIT_MONITOR_TRAP_FLAG, \.keeps_pending_dbg = 1}/.reason = EXIT_MONITOR_TRAP_FLAG}/
