//! One index entry as tantivy's indexing threads take it: its stored and
//! fast fields, and a row of the run's token table for the `lemma` and
//! `parts` fields. tantivy asks for those two values in its indexing
//! thread, where they are laid out from the table pre-tokenized
//! ([`super::analyzer::unit_field_tokens`]): the sending thread copies no token,
//! and no text is analysed again.

use super::analyzer::unit_field_tokens;
use crate::text::table::Analysed;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::DateTime;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf, Value};
use tantivy::schema::{Document, Field};
use tantivy::tokenizer::PreTokenizedString;

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
    /// The lemma (false) or parts (true) tokens of a table row.
    Tokens(&'a Analysed, usize, bool),
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
            EntryValue::Tokens(table, row, parts) => {
                ReferenceValueLeaf::PreTokStr(Box::new(PreTokenizedString {
                    text: String::new(),
                    tokens: unit_field_tokens(table, row, parts),
                }))
            }
        };
        ReferenceValue::Leaf(leaf)
    }
}

/// The values of an [`EntryDoc`], then its lemma and parts.
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
        match i - self.doc.values.len() {
            0 => Some((s.lemma, EntryValue::Tokens(&s.table, row, false))),
            1 => Some((s.parts, EntryValue::Tokens(&s.table, row, true))),
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
