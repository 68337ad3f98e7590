//! Measurements against gold data: lemma accuracy on CoNLL-U treebanks
//! ([`lemmas`]) and theme agreement with gold labels ([`themes`]).

pub mod lemmas;
pub mod themes;
