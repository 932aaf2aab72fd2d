; Real-mode delivery (behaviour.md D4): 4-byte IVT entries (IP, CS) in one read, limit 4v + 3;
; FLAGS, CS, IP at SS base + SP, 2 bytes each; CS base <- CS * 16; IF, TF, AC cleared. No error
; code, ever: an IVT limit violation is a #GP without one. In: t0 = vector.

.include "consts.inc"

deliver_real:   shl     t1, t0, #2
                add     t2, t1, #3
                ltu     zero, idtlim, t2        | jnz ivt_gp
                add     t1, t1, idtbase
                mrd.4   t2, t1                  | jfault plan_fault
                mov     t7, ssbase                      ; the stack for push2
                li      t8, #0xffff                     ; SP wraps at 16 bits
                and     t3, rsp, t8                     ; t3 = SP
                mov     faddr, rflags           | call push2
                mov     zero, t0                | jnz plan_fault
                mov     faddr, cssel            | call push2
                mov     zero, t0                | jnz plan_fault
                mov     faddr, evrip            | call push2
                mov     zero, t0                | jnz plan_fault
                andn    rsp, rsp, #0xffff
                or      rsp, rsp, t3
                and     rip, t2, #0xffff
                shr     cssel, t2, #16
                shl     csbase, cssel, #4
                ldc     t0, #RFLAGS_IF | RFLAGS_TF | RFLAGS_AC
                andn    rflags, rflags, t0      | goto delivered

; No error code in real mode: finfo has no INFO_EC, so nothing reads fec (it is not a #PF).
ivt_gp:         li      finfo, #VEC_GP          | goto nested_exception
