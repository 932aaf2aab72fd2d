# A redirect from X no longer drops the word in O: the word fetched behind a taken branch
# executes (PathTaken: no word executes while a redirect squashes it).
s/x_valid_d = o_valid_q & ~o_hold_i & ~redirect_d;/x_valid_d = o_valid_q \& ~o_hold_i;/
