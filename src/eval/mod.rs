//! Measurements against gold data: lemma accuracy on CoNLL-U treebanks
//! ([`lemmas`]), theme agreement with gold labels ([`themes`]) and
//! agreement between two codings of the same answers ([`codings`]), with
//! the reliability coefficients it uses ([`reliability`]).

pub mod codings;
pub mod lemmas;
pub mod reliability;
pub mod themes;
