; build/ustack must refuse this image: `spare` is a word no branch reaches (the loop never leaves).
start:          li      t0, #1                  | goto start
spare:          li      t0, #2                  | goto start
