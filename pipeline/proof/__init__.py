"""The proof cycle: proofs sent to the authors, and what the authors send back in them."""
