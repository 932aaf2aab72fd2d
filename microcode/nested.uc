; Faults met during delivery (behaviour.md F1-F5). In: finfo (vector, bit 11 when it has an error
; code), fec, faddr (#PF address) of the nested exception; the event being delivered in evinfo,
; evec, evlen. It exits through the exception bitmap (F2), or sets CR2 (F5) and combines with the
; event by the double-fault table (F3), into a triple fault while delivering #DF (F4).

nested_exception:
                li      act, #0                         ; the guest is active and unblocked
                smode   #0
                andn    istate, istate, #3
                field   t1, finfo, #0, #8               ; t1 = nested vector
                mov     t2, fec
                call    bitmap_exits
                mov     zero, t0                | jnz nested_exit
                sub     zero, t1, #14           | jnz nested_combine
                cr2w    faddr                           ; a #PF that does not exit sets CR2
nested_combine: field   t4, evinfo, #8, #3
                field   t5, evinfo, #0, #8
                sub     zero, t4, #ITYPE_HARD_EXC | jnz combine_classes
                sub     zero, t5, #8            | jz during_double_fault
combine_classes:
                call    exception_class                 ; t6 = class of the event being delivered
                mov     t3, t6
                li      t4, #ITYPE_HARD_EXC
                mov     t5, t1
                call    exception_class                 ; t6 = class of the nested exception
                sub     zero, t3, #1            | jnz combine_page_fault
                sub     zero, t6, #1            | jz double_fault         ; contributory + contributory
                goto    serial
combine_page_fault:
                sub     zero, t3, #2            | jnz serial
                mov     zero, t6                | jnz double_fault       ; page fault + not benign
                goto    serial
; F4: a fault while delivering #DF: a triple fault (with triple_fault contributory_pf, only for a
; contributory or page-fault exception; a benign one is delivered serially).
during_double_fault:
                bit     zero, cfg, #CFG_TRIPLE_CONTRIB_PF | jz triple_fault
                li      t4, #ITYPE_HARD_EXC
                mov     t5, t1
                call    exception_class
                mov     zero, t6                | jnz triple_fault
; Serial: the nested exception is delivered instead; as a fault it returns where delivery began.
serial:         ldc     t0, #0x80000300
                or      evinfo, finfo, t0
                mov     evec, fec
                li      evlen, #0
                mov     evrip, rip
                li      origtype, #ITYPE_HARD_EXC | goto attempt      ; later attempts take EXT
; #DF (error code 0, none in real mode), checked against bitmap bit 8.
double_fault:   bit     zero, bitmap, #8        | jnz double_fault_exit
                ldc     evinfo, #0x80000308
                mov     zero, mode              | jz double_fault_go
                setb    evinfo, evinfo, #11
double_fault_go:
                li      evec, #0
                li      evlen, #0
                mov     evrip, rip
                li      origtype, #ITYPE_HARD_EXC | goto attempt
; A #DF that exits is not "during delivery": IDT-vectoring stays invalid.
double_fault_exit:
                ldc     xinfo, #0x80000308
                mov     zero, mode              | jz double_fault_exit_go
                setb    xinfo, xinfo, #11
double_fault_exit_go:
                li      reason, #EXIT_EXCEPTION_NMI | goto vmexit
triple_fault:   li      reason, #EXIT_TRIPLE_FAULT | goto vmexit

; F2: exit 0 with the nested exception; IDT-vectoring is the event being delivered.
nested_exit:    ldc     t0, #0x80000300
                or      xinfo, finfo, t0
                bit     zero, finfo, #11        | jz nested_exit_qual
                mov     xec, fec
nested_exit_qual:
                sub     zero, t1, #14           | jnz nested_exit_go
                mov     qual, faddr
nested_exit_go: call    vectoring_info
                li      reason, #EXIT_EXCEPTION_NMI | goto vmexit

; vectoring_info: the IDT-vectoring fields from the event being delivered, and its length for
; types 4, 5 and 6.
vectoring_info: mov     idtinfo, evinfo
                bit     zero, evinfo, #11       | jz vectoring_len
                mov     idtec, evec
vectoring_len:  field   t0, evinfo, #8, #3
                sub     t0, t0, #ITYPE_SOFT_INTR
                ltu     zero, t0, #3            | jz vectoring_done
                mov     xilen, evlen
vectoring_done: ret

; bitmap_exits: t0 = 1 when exception t1 (error code t2) exits through the exception bitmap; for
; #PF, iff ((t2 & mask) == match) == bitmap bit 14.
bitmap_exits:   sub     zero, t1, #14           | jz bitmap_page_fault
                bit     t0, bitmap, t1          | ret
bitmap_page_fault:
                and     t0, t2, pfmask
                xor     t0, t0, pfmatch
                ltu     t0, t0, #1                      ; 1 when equal
                bit     t2, bitmap, #14
                xor     t0, t0, t2
                xor     t0, t0, #1              | ret

; exception_class: t6 = class of the event of type t4, vector t5: 1 contributory (0, 10-13; 21
; with cp_errcode), 2 page fault (14, 20), 0 benign (everything else, and every event that is not
; a hardware exception). Uses t7.
exception_class:
                li      t6, #0
                sub     zero, t4, #ITYPE_HARD_EXC | jnz class_done
                ldc     t7, #0x3c01
                bit     zero, cfg, #CFG_CP_ERRCODE | jz class_contributory
                setb    t7, t7, #21
class_contributory:
                bit     zero, t7, t5            | jz class_page_fault
                li      t6, #1                  | ret
class_page_fault:
                ldc     t7, #0x104000
                bit     zero, t7, t5            | jz class_done
                li      t6, #2
class_done:     ret
