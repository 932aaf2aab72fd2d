// A cover as an AIGER bad state (formal/cover-abc.sh): write_aiger takes $assert and $assume but
// no $cover, and Yosys 0.23's chformal cannot turn one into the other. assert(!A) fails exactly
// where cover(A) is reached; the cell keeps the cover's name.
(* techmap_celltype = "$cover" *)
module cover_bad (A, EN);
  input A, EN;
  \$assert _TECHMAP_REPLACE_ (.A(~A), .EN(EN));
endmodule
