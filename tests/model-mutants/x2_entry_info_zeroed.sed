# area: X2
# file: dpi/evd_model.c
# An exit writes VM_ENTRY_INTR_INFO_FIELD as 0 instead of clearing its valid bit only.
s/machine_vmcs_write(m, VMCS_VM_ENTRY_INTR_INFO_FIELD, info \& ~(1ull << INTR_INFO_VALID_BIT));/machine_vmcs_write(m, VMCS_VM_ENTRY_INTR_INFO_FIELD, 0);/
