# The arbiter checks the NMI window before the VMX-preemption timer (M8 has the timer first): the
# timer's three words move behind the NMI window's four, and the jumps follow them (jz, jnz and
# their likely-taken forms jz.t, jnz.t).
/^arb_timer:/{N;N;s/\(jz[.t]*\) arb_nmi_window/\1 arb_nmi_late/;h;d}
/^arb_nmi_window:/{N;N;N;s/arb_nmi_late/arb_timer/g;G;b}
s/\(| j[n]*z[.t]*\) arb_timer\b/\1 arb_nmi_window/
