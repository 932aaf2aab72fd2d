#!/bin/sh
# narrate.sh: one of the `--trace` narrations in tests/narration/, printed on stdout: make test
# compares it with tests/narration/NAME.txt (entries trace_*), `make narration` rewrites the file.
# The commands live here only, so that the two cannot drift apart.
#
#   tests/narrate.sh build/vmentry-sim nested_pf_ia32e
#
#   nested_pf_ia32e          a nested #PF in IA-32e delivery, in lockstep (with the RTL's cycles)
#   mtf_over_nmi             MTF over NMI, then NMI over the interrupt, in lockstep
#   pf_df_triple_model_only  a #PF chain to #DF and a triple fault, on the model alone (no cycles)
# An unknown NAME: a message and exit status 2.
sim=$1
case $2 in
nested_pf_ia32e)
  exec "$sim" --trace --no-wave --seed 1 --test wave_injected_pf_stack_push_faults vectors/wave_demo.vec 2>/dev/null ;;
mtf_over_nmi)
  exec "$sim" --trace --no-wave --seed 1 --test m8_mtf_before_nmi_and_interrupt vectors/m8_priority.vec 2>/dev/null ;;
pf_df_triple_model_only)
  exec "$sim" --trace --model-only --test d6n_gdt_read_fault_triple vectors/d6_nested.vec 2>/dev/null ;;
*)
  echo "tests/narrate.sh: no narration '$2' (nested_pf_ia32e, mtf_over_nmi, pf_df_triple_model_only)" >&2
  exit 2 ;;
esac
