; Faults met during delivery (behaviour.md F1-F5). In: finfo (vector, bit 11 when it has an error
; code), fec, faddr (#PF address) of the nested exception; the event being delivered in evinfo,
; evec, evlen. It exits through the exception bitmap (F2), or sets CR2 (F5) and combines with the
; event by the double-fault table (F3), into a triple fault while delivering #DF (F4).

.include "consts.inc"

nested_exception:
                call    guest_unblocked                 ; the guest is active and unblocked
                field   t1, finfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH ; t1 = nested vector
                mov     t2, fec
                call    bitmap_exits
                mov     zero, t0                | jnz.t nested_exit
                sub     zero, t1, #VEC_PF       | jnz.t nested_combine
                cr2w    faddr                           ; a #PF that does not exit sets CR2
; Only a hardware exception has a class other than benign (F3): any other event goes serially.
nested_combine: field   t4, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH
                field   t5, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH
                sub     zero, t4, #ITYPE_HARD_EXC | jnz serial
                sub     zero, t5, #VEC_DF       | jz during_double_fault
combine_classes:
                call    exception_class                 ; t6 = class of the event being delivered
                mov     t3, t6
                mov     t5, t1
                call    exception_class                 ; t6 = class of the nested exception
                sub     zero, t3, #CLASS_CONTRIBUTORY | jnz.t combine_page_fault
                sub     zero, t6, #CLASS_CONTRIBUTORY | jz.t double_fault   ; contributory + contributory
                goto    serial
combine_page_fault:
                sub     zero, t3, #CLASS_PAGE_FAULT | jnz.t serial
                mov     zero, t6                | jnz.t double_fault       ; page fault + not CLASS_BENIGN
                goto    serial
; F4: a fault while delivering #DF: a triple fault (with triple_fault contributory_pf, only for a
; contributory or page-fault exception; a benign one is delivered serially).
during_double_fault:
                bit     zero, cfg, #CFG_TRIPLE_CONTRIB_PF | jz.t triple_fault
                mov     t5, t1
                call    exception_class
                mov     zero, t6                | jnz triple_fault       ; not CLASS_BENIGN
; Serial: the nested exception is delivered instead; as a fault it returns where delivery began.
serial:         ldc     t0, #INFO_HARD_EXC
                or      evinfo, finfo, t0
                mov     evec, fec                       ; (type 3: evlen unread)
                mov     evrip, rip
                li      origtype, #ITYPE_HARD_EXC | goto attempt      ; later attempts take EXT
; #DF (error code 0, none in real mode), checked against bitmap bit 8. Only a hardware exception
; combines into #DF, so evrip (= rip: it returns to the faulting instruction) and origtype
; (ITYPE_HARD_EXC) are already those of the #DF; evlen is unread for type 3.
double_fault:   bit     zero, bitmap, #VEC_DF   | jnz double_fault_exit
                ldc     evinfo, #INFO_HARD_EXC | VEC_DF
                mov     zero, mode              | jz double_fault_go     ; MODE_REAL
                setb    evinfo, evinfo, #INFO_EC_BIT
double_fault_go:
                li      evec, #0                | goto attempt
; A #DF that exits is not "during delivery": IDT-vectoring stays invalid.
double_fault_exit:
                ldc     xinfo, #INFO_HARD_EXC | VEC_DF
                mov     zero, mode              | jz double_fault_exit_go ; MODE_REAL
                setb    xinfo, xinfo, #INFO_EC_BIT
double_fault_exit_go:
                li      reason, #EXIT_EXCEPTION_NMI | goto vmexit
triple_fault:   li      reason, #EXIT_TRIPLE_FAULT | goto vmexit

; F2: exit 0 with the nested exception; IDT-vectoring is the event being delivered.
nested_exit:    ldc     t0, #INFO_HARD_EXC
                or      xinfo, finfo, t0
                bit     zero, finfo, #INFO_EC_BIT | jz nested_exit_qual
                mov     xec, fec
nested_exit_qual:
                sub     zero, t1, #VEC_PF       | jnz.t nested_exit_go
                mov     qual, faddr
nested_exit_go: call    vectoring_info
                li      reason, #EXIT_EXCEPTION_NMI | goto vmexit

; vectoring_info: the IDT-vectoring fields from the event being delivered, and its length for
; types 4, 5 and 6.
vectoring_info: mov     idtinfo, evinfo
                bit     zero, evinfo, #INFO_EC_BIT | jz.t vectoring_len
                mov     idtec, evec
vectoring_len:  bit     zero, evinfo, #INFO_TYPE_SOFT_BIT | jz.t vectoring_done ; types 4, 5, 6 (7 is never delivered)
                mov     xilen, evlen
vectoring_done: ret

; bitmap_exits: t0 = 1 when exception t1 (error code t2) exits through the exception bitmap; for
; #PF, iff ((t2 & mask) == match) == bitmap bit VEC_PF.
bitmap_exits:   sub     zero, t1, #VEC_PF       | jz bitmap_page_fault
                bit     t0, bitmap, t1          | ret
bitmap_page_fault:
                and     t0, t2, pfmask
                xor     t0, t0, pfmatch
                ltu     t0, t0, #1                      ; 1 when equal
                bit     t2, bitmap, #VEC_PF
                xor     t0, t0, t2
                xor     t0, t0, #1              | ret

; exception_class: t6 = class of the hardware exception with vector t5 (the callers ask only for
; hardware exceptions: every other event is benign, nested_combine): CLASS_CONTRIBUTORY (0, 10-13;
; 21 with cp_errcode), CLASS_PAGE_FAULT (14, 20), CLASS_BENIGN (everything else). Uses t7.
exception_class:
                li      t6, #CLASS_BENIGN
                ldc     t7, #EXC_CONTRIBUTORY
                bit     zero, cfg, #CFG_CP_ERRCODE | jz.t class_contributory
                setb    t7, t7, #VEC_CP
class_contributory:
                bit     zero, t7, t5            | jz class_page_fault
                li      t6, #CLASS_CONTRIBUTORY | ret
class_page_fault:
                ldc     t7, #EXC_PAGE_FAULTS
                bit     zero, t7, t5            | jz class_done
                li      t6, #CLASS_PAGE_FAULT
class_done:     ret
