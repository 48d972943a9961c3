"""The proof cycle: reading returned proofs."""
