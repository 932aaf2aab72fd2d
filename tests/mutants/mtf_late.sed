# The MTF exit one instruction late: the armed bit starts one place up and moves down one place
# per instruction, so the exit follows the second instruction instead of the first.
s/^\( *and     sf, t0, t1 *\)| goto boundary.*/\1\n                shl     sf, sf, #1              | goto boundary/
s/^\( *\)bit     zero, sf, #SF_MTF_ARMED | jz boundary/\1bit     zero, sf, #SF_MTF_ARMED | jnz mtf_exit\n\1shr     sf, sf, #1              | goto boundary/
