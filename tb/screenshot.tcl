# GTKWave script for `make screenshot`: zoom onto the delivery's faulting stack push (the first
# rising edge of mem_fault_i) through to the exit.
gtkwave::/Edit/UnHighlight_All
gtkwave::highlightSignalsFromList [list TOP.tb_top.u_dut.mem_fault_i]
gtkwave::setMarker 0
set fault [gtkwave::findNextEdge]
gtkwave::/Edit/UnHighlight_All
gtkwave::setZoomRangeTimes [expr {$fault - 100}] [expr {$fault + 700}]
gtkwave::setMarker $fault
