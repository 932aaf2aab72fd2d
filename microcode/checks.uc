; The checks of VM entry: E6 and E2 (control checks on the event controls and on the injection
; fields; a failure is VMfailValid 7) and E3 (guest-state checks tied to injection and activity; a
; failure is the VM-entry failure exit 0x80000021), in the order of E4: entry.uc jumps to
; check_controls, E2 goes on to check_guest_state (E3), which goes on to `checked` in entry.uc
; when every check passed. In: evinfo, evec, evlen (the injection fields), pin, proc, xctl,
; t3 = GUEST_CR0.
; Out: with a valid injection, t0 = its type and t1 = its vector (E2 sets them, E3 and entry.uc
; use them). Scratch: t2, finfo, fec, faddr (free until delivery begins).

.include "consts.inc"

;;;; E6, then E2 ;;;;
; E6: virtual NMIs need NMI exiting, NMI-window exiting needs virtual NMIs, saving the timer value
; needs the timer active. Without virtual NMIs and the timer (the common case) only the two
; needing bits are checked, 0 both; e6_pin checks all three.
check_controls: and     zero, pin, #PIN_VIRTUAL_NMIS | PIN_TIMER | jnz e6_pin
                bit     zero, proc, #CPU_NMI_WINDOW_BIT | jnz fail_ctl
                bit     zero, xctl, #XCTL_SAVE_TIMER_BIT | jnz fail_ctl
check_injection:
                bit     zero, evinfo, #INTR_INFO_VALID_BIT | jz e2_ok
                field   t0, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH ; t0 = type
                field   t1, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH ; t1 = vector
                sub     zero, t0, #ITYPE_RESERVED | jz fail_ctl
                sub     zero, t0, #ITYPE_OTHER  | jnz.t e2_nmi
                bit     zero, cfg, #CFG_MTF_SUPPORTED | jz fail_ctl     ; type 7 needs MTF support
                mov     zero, t1                | jnz fail_ctl           ; ... and vector 0
e2_nmi:         sub     zero, t0, #ITYPE_NMI    | jnz.t e2_hw
                sub     zero, t1, #VEC_NMI      | jnz fail_ctl           ; an NMI is vector 2
e2_hw:          sub     zero, t0, #ITYPE_HARD_EXC | jnz.t e2_not_hw
                ltu     zero, t1, #VEC_EXCEPTIONS | jz fail_ctl          ; a hardware exception <= 31
; Deliver-error-code: exactly for a hardware exception with an error-code vector in protected
; mode (unrestricted guest off, or CR0.PE); no_hw_errcode_cc relaxes the hardware-exception case.
                bit     fec, evinfo, #INFO_EC_BIT       ; fec = deliver-error-code
                bit     zero, t3, #CR0_PE_BIT   | jnz.t e2_dec_hw        ; protected mode: CR0.PE,
                bit     zero, proc, #CPU_SECONDARY_BIT | jz.t e2_dec_hw  ; ... or no unrestricted guest
                vmrd    t2, SECONDARY_VM_EXEC_CONTROL
                bit     zero, t2, #SEC_UNRESTRICTED_BIT | jnz e2_dec_never
e2_dec_hw:      bit     zero, cfg, #CFG_NO_HW_ERRCODE_CC | jnz e2_reserved
                call    has_error_code                  ; t2 = has_error_code(t1)
                xor     zero, fec, t2           | jnz fail_ctl
                goto    e2_reserved
e2_not_hw:      bit     fec, evinfo, #INFO_EC_BIT       ; not a hardware exception: never
e2_dec_never:   mov     zero, fec               | jnz fail_ctl
e2_reserved:    field   t2, evinfo, #INFO_RESERVED_SHIFT, #INFO_RESERVED_WIDTH
                mov     zero, t2                | jnz fail_ctl
                mov     zero, fec               | jz.t e2_length
                field   t2, evec, #ERRCODE_RESERVED_SHIFT, #ERRCODE_RESERVED_WIDTH
                bit     zero, cfg, #CFG_ERRCODE_HIGH_15 | jz.t e2_ec_bits
                field   t2, evec, #ERRCODE_RESERVED_15_SHIFT, #ERRCODE_RESERVED_15_WIDTH
e2_ec_bits:     mov     zero, t2                | jnz fail_ctl           ; error code 31:16 (31:15)
; Types 4, 5, 6: instruction length 1..15 (0 with zero_len_inject).
e2_length:      sub     t2, t0, #ITYPE_SOFT_INTR
                ltu     zero, t2, #3            | jz.t e2_ok               ; types 4, 5, 6
                ltu     zero, evlen, #MAX_INSN_LEN + 1 | jz fail_ctl
                mov     zero, evlen             | jnz.t e2_ok
                bit     zero, cfg, #CFG_ZERO_LEN_INJECT | jz fail_ctl
e2_ok:          goto    check_guest_state

; Each check fails when the needing bit is 1 and the needed one 0: needed < needing.
e6_pin:         bit     t0, pin, #PIN_NMI_EXIT_BIT
                bit     t1, pin, #PIN_VIRTUAL_NMIS_BIT
                ltu     zero, t0, t1            | jnz fail_ctl
                bit     t0, proc, #CPU_NMI_WINDOW_BIT
                ltu     zero, t1, t0            | jnz fail_ctl
                bit     t0, pin, #PIN_TIMER_BIT
                bit     t1, xctl, #XCTL_SAVE_TIMER_BIT
                ltu     zero, t0, t1            | jnz fail_ctl
                goto    check_injection

fail_ctl:       li      t0, #VMERR_ENTRY_INVALID_CTL | goto vmfail

; has_error_code: t2 = 1 when vector t1 (< 32) pushes an error code: 8, 10-14, 17, and 21 with
; cp_errcode.
has_error_code: ldc     t2, #EXC_ERROR_CODE
                bit     zero, cfg, #CFG_CP_ERRCODE | jz.t has_ec_bit
                setb    t2, t2, #VEC_CP
has_ec_bit:     bit     t2, t2, t1              | ret

;;;; E3 ;;;;
check_guest_state:
; The activity state: a value 0..3, supported (activity_states), HLT only with SS.DPL 0.
                mov     zero, act               | jz.t e3_blocking         ; ACT_ACTIVE
                ltu     zero, act, #ACT_WAIT_SIPI + 1 | jz fail_guest
                sub     t2, act, #ACT_HLT               ; activity_states bit act - ACT_HLT
                shr     faddr, cfg, #CFG_ACT_HLT
                bit     zero, faddr, t2         | jz fail_guest
                sub     zero, act, #ACT_HLT         | jnz e3_blocking
                mov     zero, cpl               | jnz fail_guest
; STI/MOV-SS blocking: only when active, never both, STI only with IF = 1.
e3_blocking:    and     zero, istate, #ISTATE_STI_MOVSS | jz.t e3_injection
                and     t2, istate, #ISTATE_STI_MOVSS
                mov     zero, act               | jnz fail_guest
                sub     zero, t2, #ISTATE_STI_MOVSS | jz fail_guest
                bit     zero, istate, #ISTATE_STI_BIT | jz e3_injection
                bit     zero, rflags, #RFLAGS_IF_BIT | jz fail_guest
e3_injection:   bit     zero, evinfo, #INTR_INFO_VALID_BIT | jz.t checked ; t0 = type, t1 = vector (E2)
; An external interrupt needs IF = 1 and no STI/MOV-SS blocking.
                mov     zero, t0                | jnz.t e3_nmi
                bit     zero, rflags, #RFLAGS_IF_BIT | jz fail_guest
                and     zero, istate, #ISTATE_STI_MOVSS | jnz fail_guest
                goto    e3_activity
; An NMI: no MOV-SS blocking; no NMI blocking with virtual NMIs.
e3_nmi:         sub     zero, t0, #ITYPE_NMI    | jnz.t e3_activity
                bit     zero, istate, #ISTATE_MOVSS_BIT | jnz fail_guest
                bit     t2, pin, #PIN_VIRTUAL_NMIS_BIT
                bit     finfo, istate, #ISTATE_NMI_BIT
                and     zero, t2, finfo         | jnz fail_guest
; The event must be one the activity state allows (HLT: ext-int, NMI, #DB, #MC, pending MTF;
; shutdown: NMI, #MC; wait-for-SIPI: none).
e3_activity:    mov     zero, act               | jz.t e3_nmi_sti          ; ACT_ACTIVE
                sub     zero, act, #ACT_WAIT_SIPI | jz fail_guest
                sub     zero, act, #ACT_SHUTDOWN | jz e3_shutdown
                mov     zero, t0                | jz e3_nmi_sti          ; ITYPE_EXT_INTR
                sub     zero, t0, #ITYPE_NMI    | jz e3_nmi_sti
                sub     zero, t0, #ITYPE_OTHER  | jz e3_nmi_sti
                sub     zero, t0, #ITYPE_HARD_EXC | jnz fail_guest
                sub     zero, t1, #VEC_DB       | jz e3_nmi_sti
                sub     zero, t1, #VEC_MC       | jnz fail_guest
                goto    e3_nmi_sti
e3_shutdown:    sub     zero, t0, #ITYPE_NMI    | jz e3_nmi_sti
                sub     zero, t0, #ITYPE_HARD_EXC | jnz fail_guest
                sub     zero, t1, #VEC_MC       | jnz fail_guest
; Last: an NMI under STI blocking, where the processor requires none.
e3_nmi_sti:     sub     zero, t0, #ITYPE_NMI    | jnz.t checked
                bit     zero, cfg, #CFG_NMI_STI_CHECK | jz checked
                bit     zero, istate, #ISTATE_STI_BIT | jz.t checked
                li      qual, #QUAL_ENTRY_NMI_STI | goto entry_failure

