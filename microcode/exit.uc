; VM exits (behaviour.md X1, X2) and VMfailValid (E1).

; vmexit: reason, qual, xinfo, xec, idtinfo, idtec and xilen hold the exit information; every
; other register holds the guest state to save.
vmexit:         vmwr    VM_EXIT_REASON, reason
                vmwr    EXIT_QUALIFICATION, qual
                vmwr    VM_EXIT_INTR_INFO, xinfo
                vmwr    VM_EXIT_INTR_ERROR_CODE, xec
                vmwr    IDT_VECTORING_INFO_FIELD, idtinfo
                vmwr    IDT_VECTORING_ERROR_CODE, idtec
                vmwr    VM_EXIT_INSTRUCTION_LEN, xilen
                vmwr    GUEST_RIP, rip
                vmwr    GUEST_RSP, rsp
                vmwr    GUEST_RFLAGS, rflags
                vmwr    GUEST_CS_SELECTOR, cssel
                vmwr    GUEST_CS_BASE, csbase
                vmwr    GUEST_INTERRUPTIBILITY_INFO, istate
                vmwr    GUEST_PENDING_DBG_EXCEPTIONS, dbgtrap
; The activity state is saved only with config save_activity 1 (the claims' save indicator).
                bit     zero, cfg, #CFG_SAVE_ACTIVITY | jz clear_entry_valid
                vmwr    GUEST_ACTIVITY_STATE, act
; X2: a VM exit clears the valid bit of the VM-entry interruption information.
clear_entry_valid:
                vmrd    t0, VM_ENTRY_INTR_INFO_FIELD
                clrb    t0, t0, #INTR_INFO_VALID_BIT
                vmwr    VM_ENTRY_INTR_INFO_FIELD, t0
                done    exit                    | goto idle

; vmfail: t0 holds the VM-instruction error; nothing else in the VMCS changes.
vmfail:         vmwr    VM_INSTRUCTION_ERROR, t0
                done    vmfail                  | goto idle
