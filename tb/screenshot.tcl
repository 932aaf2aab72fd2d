# GTKWave script of `make screenshot` (tests/wave.sh): zooms onto $SHOT_CYCLES clock cycles (2 ns
# each), so that the translate filters' names can be read, starting three cycles before the test's
# first fault on the memory port (the first rising edge of mem_rsp_i.fault), or its first VMCS
# access when nothing faults; puts the marker there; then creates the file $SHOT_READY.
proc first_rise {signal} {
    gtkwave::/Edit/UnHighlight_All
    gtkwave::highlightSignalsFromList [list $signal]
    gtkwave::setMarker 0
    set t [gtkwave::findNextEdge]
    gtkwave::/Edit/UnHighlight_All
    return $t
}
# findNextEdge stays at the marker (0) when the signal has no edge.
set at [first_rise TOP.tb_top.u_dut.mem_rsp_i.fault]
if {$at <= 0} { set at [first_rise {TOP.tb_top.vmcs_access[17:0]}] }
set from [expr {$at > 6 ? $at - 6 : 0}]
gtkwave::setZoomRangeTimes $from [expr {$from + 2 * $::env(SHOT_CYCLES)}]
gtkwave::setMarker $at
close [open $::env(SHOT_READY) w]
