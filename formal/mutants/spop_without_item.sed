# spop pops whatever the stream port shows, without waiting for an item: with a ROM that pops
# before it looks, the unit pops nothing (PopNeedsItem).
s/strm_ctl_o.pop = x_exec & fresh & svalid_q;/strm_ctl_o.pop = x_exec \& fresh;/
s/word_done      = fresh & svalid_q;/word_done      = fresh;/
