# area: M7
# file: dpi/evd_model.c
# A guest HLT (without HLT exiting) leaves the activity state active.
/md->activity = HLT; \/\* M7: an MTF exit now saves activity HLT \*\//d
