//! One index entry as tantivy's indexing threads take it: its stored and
//! fast fields, and a row of the run's token table for the `lemma` and
//! `parts` fields. tantivy asks for those values in its indexing
//! thread, where they are laid out from the table pre-tokenized
//! ([`super::analyzer::unit_field_tokens`]): the sending thread copies no token,
//! and no text is analysed again.
//!
//! A pre-tokenized value costs a `Token` and a `String` per word, and
//! tantivy copies it whole before indexing it: one answer of 10 MB (a
//! million words) held two copies of a million lemma tokens at once. The
//! lemmas of a long text are therefore handed over in values of
//! [`LEMMA_CHUNK`] words ([`super::analyzer::unit_lemma_chunk`] keeps the
//! positions those of one value).

use super::analyzer::{unit_field_tokens, unit_lemma_chunk};
use crate::text::table::Analysed;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::DateTime;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf, Value};
use tantivy::schema::{Document, Field};
use tantivy::tokenizer::PreTokenizedString;

/// Words of a text per value of its `lemma` field (small in the crate's
/// tests, so that the indexes they build cut their texts too).
#[cfg(not(test))]
pub(crate) const LEMMA_CHUNK: usize = 1 << 16;
#[cfg(test)]
pub(crate) const LEMMA_CHUNK: usize = 4;

/// What every entry of one write shares.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The token table of the corpus being written.
    pub table: Arc<Analysed>,
    /// The analysed fields.
    pub lemma: Field,
    pub parts: Field,
    /// Units indexed so far (their entries dropped by tantivy).
    pub indexed: AtomicU64,
}

/// A field's value.
#[derive(Debug)]
pub(crate) enum Owned {
    Str(Box<str>),
    Text(crate::corpus::Text),
    U64(u64),
    F64(f64),
    Date(DateTime),
}

/// One entry: its values in the order they were added, and its unit's row
/// in the table.
#[derive(Debug)]
pub(crate) struct EntryDoc {
    values: Vec<(Field, Owned)>,
    row: Option<usize>,
    shared: Arc<Shared>,
}

impl EntryDoc {
    /// An empty entry of the write that `shared` describes.
    pub fn new(shared: &Arc<Shared>) -> EntryDoc {
        EntryDoc {
            values: Vec::with_capacity(16),
            row: None,
            shared: shared.clone(),
        }
    }

    /// Add a text value (copied unless shared).
    pub fn add_text(&mut self, field: Field, text: impl Into<TextValue>) {
        let v = match text.into() {
            TextValue::Owned(s) => Owned::Str(s),
            TextValue::Shared(t) => Owned::Text(t),
        };
        self.values.push((field, v));
    }

    /// Add a number.
    pub fn add_u64(&mut self, field: Field, n: u64) {
        self.values.push((field, Owned::U64(n)));
    }

    /// Add a number.
    pub fn add_f64(&mut self, field: Field, n: f64) {
        self.values.push((field, Owned::F64(n)));
    }

    /// Add a date.
    pub fn add_date(&mut self, field: Field, d: DateTime) {
        self.values.push((field, Owned::Date(d)));
    }

    /// The entry is a unit whose tokens are row `row` of the table.
    pub fn set_row(&mut self, row: usize) {
        self.row = Some(row);
    }
}

impl Drop for EntryDoc {
    fn drop(&mut self) {
        if self.row.is_some() {
            self.shared.indexed.fetch_add(1, Ordering::Release);
        }
    }
}

/// A text value for [`EntryDoc::add_text`].
pub(crate) enum TextValue {
    Owned(Box<str>),
    Shared(crate::corpus::Text),
}

impl From<&str> for TextValue {
    fn from(s: &str) -> Self {
        TextValue::Owned(s.into())
    }
}

impl From<String> for TextValue {
    fn from(s: String) -> Self {
        TextValue::Owned(s.into_boxed_str())
    }
}

impl From<crate::corpus::Text> for TextValue {
    fn from(t: crate::corpus::Text) -> Self {
        TextValue::Shared(t)
    }
}

/// A value of an [`EntryDoc`] as tantivy reads it.
#[derive(Debug, Clone)]
pub(crate) enum EntryValue<'a> {
    Leaf(&'a Owned),
    /// The lemma tokens of a table row's chunk of words (its number).
    Lemmas(&'a Analysed, usize, usize),
    /// The parts tokens of a table row.
    Parts(&'a Analysed, usize),
}

impl<'a> Value<'a> for EntryValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        let leaf = match *self {
            EntryValue::Leaf(v) => match v {
                Owned::Str(s) => ReferenceValueLeaf::Str(s),
                Owned::Text(t) => ReferenceValueLeaf::Str(t),
                Owned::U64(n) => ReferenceValueLeaf::U64(*n),
                Owned::F64(n) => ReferenceValueLeaf::F64(*n),
                Owned::Date(d) => ReferenceValueLeaf::Date(*d),
            },
            EntryValue::Lemmas(table, row, chunk) => {
                let words =
                    chunk * LEMMA_CHUNK..((chunk + 1) * LEMMA_CHUNK).min(table.unit(row).len());
                ReferenceValueLeaf::PreTokStr(Box::new(PreTokenizedString {
                    text: String::new(),
                    tokens: unit_lemma_chunk(table, row, words),
                }))
            }
            EntryValue::Parts(table, row) => {
                ReferenceValueLeaf::PreTokStr(Box::new(PreTokenizedString {
                    text: String::new(),
                    tokens: unit_field_tokens(table, row, true),
                }))
            }
        };
        ReferenceValue::Leaf(leaf)
    }
}

/// The values of an [`EntryDoc`], then its lemmas (one value per
/// [`LEMMA_CHUNK`] words, at least one) and its parts.
pub(crate) struct EntryValues<'a> {
    doc: &'a EntryDoc,
    next: usize,
}

impl<'a> Iterator for EntryValues<'a> {
    type Item = (Field, EntryValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.next;
        self.next += 1;
        if let Some((f, v)) = self.doc.values.get(i) {
            return Some((*f, EntryValue::Leaf(v)));
        }
        let row = self.doc.row?;
        let s = &*self.doc.shared;
        let chunks = s.table.unit(row).len().div_ceil(LEMMA_CHUNK).max(1);
        match i - self.doc.values.len() {
            k if k < chunks => Some((s.lemma, EntryValue::Lemmas(&s.table, row, k))),
            k if k == chunks => Some((s.parts, EntryValue::Parts(&s.table, row))),
            _ => None,
        }
    }
}

impl Document for EntryDoc {
    type Value<'a> = EntryValue<'a>;
    type FieldsValuesIter<'a> = EntryValues<'a>;

    fn iter_fields_and_values(&self) -> EntryValues<'_> {
        EntryValues { doc: self, next: 0 }
    }
}
