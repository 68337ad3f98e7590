//! Measurements against gold data: lemma accuracy on CoNLL-U treebanks
//! ([`lemmas`]), theme agreement with gold labels ([`themes`]) and
//! agreement between two codings of the same answers ([`codings`]).

pub mod codings;
pub mod lemmas;
pub mod themes;
