; What the assembler packs (microcode/README.md, "Packing"); tests/testlist checks the listing.
start:          li      t0, #1
                goto    far                     ; joins the li: a branch alone
pop_first:      spop
                add     t2, t1, #1              ; joins the spop: an ALU operation after it
alu_first:      mov     t1, t0
                spop                            ; joins the mov: an ALU operation before it
                li      t3, #2
                vmwr    GUEST_RIP, t3           ; stays alone: it reads what the li writes
                add     t4, t3, #1
back:           goto    start                   ; stays for its label, copied into the add
far:            li      t4, #0
                goto    hop                     ; joins the li, and goes to start: hop is a goto
hop:            goto    start
