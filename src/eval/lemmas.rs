//! Lemma accuracy against gold CoNLL-U lemmas: built by the Finnish-analysis issue.
