//! The tantivy schema of a teema index: fixed fields for ids, provenance,
//! text and its analyses, plus one typed field per closed column (NPS and
//! Likert as numbers, categories as strings, dates as dates), named by a
//! query-friendly slug of the column header.

use super::analyzer::{LEMMA_TOKENIZER, PARTS_TOKENIZER};
use crate::corpus::ColumnKind;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Version of the schema and manifest layout; an index with another version
/// must be rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

/// Names of the fixed fields, usable in queries (`question:…`, `role:…`).
pub const FIXED_FIELDS: &[&str] = &[
    "entry",
    "source",
    "order",
    "document",
    "kind",
    "doc_line",
    "doc_seq",
    "unit_seq",
    "question",
    "speaker",
    "role",
    "time",
    "line",
    "span_start",
    "span_end",
    "text",
    "lemma",
    "parts",
    "tokens",
    "meta_json",
];

/// A closed column stored as a typed field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaField {
    /// Field name in the schema and in queries (`nps`, `ikäryhmä`).
    pub field: String,
    /// The column header as the source has it.
    pub column: String,
    /// How the value is stored.
    pub kind: MetaKind,
}

/// Storage type of a closed column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaKind {
    /// A number (NPS, Likert, other numbers): f64, indexed and fast.
    Number,
    /// A category: an untokenised string, indexed and fast.
    Category,
    /// A text column with too many distinct values to be a category (more
    /// than `MAX_CATEGORIES`, e.g. a headline): kept with the document's
    /// closed answers (search output, `load_corpus`) but neither a query
    /// field nor a filter, so indexing does not pay for a dictionary of
    /// every value.
    Label,
    /// A date: tantivy date, fast (ranges; `--where` a day).
    Date,
}

impl MetaKind {
    /// The storage kind of a closed column kind (`None` for id and open text).
    pub fn of(kind: &ColumnKind) -> Option<MetaKind> {
        match kind {
            ColumnKind::Id | ColumnKind::OpenText => None,
            ColumnKind::Categorical => Some(MetaKind::Category),
            ColumnKind::Likert { .. } | ColumnKind::Nps | ColumnKind::Number => {
                Some(MetaKind::Number)
            }
            ColumnKind::Date => Some(MetaKind::Date),
        }
    }
}

/// Categorical columns with more distinct values than this are stored as
/// [`MetaKind::Label`].
pub const MAX_CATEGORIES: usize = 1000;

impl MetaKind {
    /// True when a column planned as `self` can take values planned as
    /// `other` (a category that became a label still takes categories).
    pub fn compatible(self, other: MetaKind) -> bool {
        self == other
            || matches!(
                (self, other),
                (MetaKind::Category, MetaKind::Label) | (MetaKind::Label, MetaKind::Category)
            )
    }
}

/// Handles of the fields of a teema index.
#[derive(Debug, Clone)]
pub struct Fields {
    /// `unit` for an answer or utterance, `document` for a document without text.
    pub entry: Field,
    /// SHA-256 of the source file.
    pub source: Field,
    /// Global order: source position << 40 | unit position in the source.
    pub order: Field,
    /// Respondent id or interview name.
    pub document: Field,
    /// `respondent` or `interview`.
    pub kind: Field,
    /// Line where the document starts.
    pub doc_line: Field,
    /// Position of the document in its source.
    pub doc_seq: Field,
    /// Position of the unit in its document.
    pub unit_seq: Field,
    /// Open question of an answer.
    pub question: Field,
    /// Speaker label of an utterance.
    pub speaker: Field,
    /// Speaker role of an utterance.
    pub role: Field,
    /// Timestamp as written.
    pub time: Field,
    /// Line of the unit in its source.
    pub line: Field,
    /// Byte offset where the unit starts in its source.
    pub span_start: Field,
    /// Byte offset where the unit ends in its source.
    pub span_end: Field,
    /// The original text (stored, not indexed).
    pub text: Field,
    /// Lemmas, indexed with positions through teema's analyzer.
    pub lemma: Field,
    /// Compound parts, indexed with positions through teema's analyzer.
    pub parts: Field,
    /// The document's closed answers as JSON (first entry of a document).
    pub meta_json: Field,
    /// Closed columns, in manifest order.
    pub meta: Vec<(MetaField, Field)>,
}

fn analysed(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Build the schema for the given closed columns.
pub fn build_schema(meta: &[MetaField]) -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("entry", STRING);
    b.add_text_field("source", STRING | STORED | FAST);
    b.add_u64_field("order", STORED | FAST);
    b.add_text_field("document", STORED | FAST);
    b.add_text_field("kind", STRING | STORED);
    b.add_u64_field("doc_line", STORED);
    b.add_u64_field("doc_seq", STORED);
    b.add_u64_field("unit_seq", STORED | FAST);
    b.add_text_field("question", STRING | STORED | FAST);
    b.add_text_field("speaker", STRING | STORED | FAST);
    b.add_text_field("role", STRING | STORED | FAST);
    b.add_text_field("time", STORED);
    b.add_u64_field("line", STORED | FAST);
    b.add_u64_field("span_start", STORED);
    b.add_u64_field("span_end", STORED);
    b.add_text_field("text", STORED);
    b.add_text_field("lemma", analysed(LEMMA_TOKENIZER));
    b.add_text_field("parts", analysed(PARTS_TOKENIZER));
    b.add_text_field("meta_json", STORED);
    for m in meta {
        match m.kind {
            MetaKind::Number => b.add_f64_field(&m.field, INDEXED | FAST),
            MetaKind::Category => b.add_text_field(&m.field, STRING | FAST),
            MetaKind::Label => b.add_text_field(&m.field, TextOptions::default()),
            MetaKind::Date => b.add_date_field(&m.field, FAST),
        };
    }
    b.build()
}

impl Fields {
    /// Look up the fields of `schema`; `None` when a field is missing (not a
    /// teema schema, or not this version).
    pub fn of(schema: &Schema, meta: &[MetaField]) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            entry: f("entry")?,
            source: f("source")?,
            order: f("order")?,
            document: f("document")?,
            kind: f("kind")?,
            doc_line: f("doc_line")?,
            doc_seq: f("doc_seq")?,
            unit_seq: f("unit_seq")?,
            question: f("question")?,
            speaker: f("speaker")?,
            role: f("role")?,
            time: f("time")?,
            line: f("line")?,
            span_start: f("span_start")?,
            span_end: f("span_end")?,
            text: f("text")?,
            lemma: f("lemma")?,
            parts: f("parts")?,
            meta_json: f("meta_json")?,
            meta: meta
                .iter()
                .map(|m| Some((m.clone(), f(&m.field)?)))
                .collect::<Option<Vec<_>>>()?,
        })
    }

    /// The closed column named `name`: by field name or by column header
    /// (case-insensitive).
    pub fn meta_named(&self, name: &str) -> Option<&(MetaField, Field)> {
        let lower = name.to_lowercase();
        self.meta
            .iter()
            .find(|(m, _)| m.field == lower)
            .or_else(|| {
                self.meta
                    .iter()
                    .find(|(m, _)| m.column.to_lowercase() == lower)
            })
    }
}

/// A query-friendly field name for a column header: lower case letters
/// (ä, ö and å kept) and digits, other runs of characters as `_`, at most
/// 32 characters. NPS columns are called `nps`.
pub fn slug(column: &str, kind: &ColumnKind) -> String {
    if *kind == ColumnKind::Nps {
        return "nps".into();
    }
    let mut s = String::new();
    for c in column.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('_') {
            s.push('_');
        }
        if s.chars().count() >= 32 {
            break;
        }
    }
    let s = s.trim_end_matches('_').to_string();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("c_{s}")
    } else {
        s
    }
}

/// Give every closed column of `columns` a field, adding to `existing`
/// (which keeps its order). Returns false when a column cannot be added
/// without changing the schema (a new column, or a known name with another
/// kind).
pub fn plan_meta<'a>(
    existing: &mut Vec<MetaField>,
    columns: impl Iterator<Item = (&'a str, &'a ColumnKind)>,
) -> bool {
    let mut unchanged = true;
    for (column, kind) in columns {
        let Some(mk) = MetaKind::of(kind) else {
            continue;
        };
        // A category that became a label (too many distinct values) still
        // takes the column's values: a second wave or a rerun adds no field.
        if existing
            .iter()
            .any(|m| m.column == column && m.kind.compatible(mk))
        {
            continue;
        }
        let base = slug(column, kind);
        let mut name = base.clone();
        let mut n = 2;
        while FIXED_FIELDS.contains(&name.as_str()) || existing.iter().any(|m| m.field == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        existing.push(MetaField {
            field: name,
            column: column.to_string(),
            kind: mk,
        });
        unchanged = false;
    }
    unchanged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_finnish_letters_and_name_nps() {
        assert_eq!(slug("Ikäryhmä", &ColumnKind::Categorical), "ikäryhmä");
        assert_eq!(
            slug(
                "Olen saanut tukea arjen asioihin",
                &ColumnKind::Likert { min: 1, max: 5 }
            ),
            "olen_saanut_tukea_arjen_asioihin"
        );
        assert_eq!(
            slug("Kuinka todennäköisesti (0–10)", &ColumnKind::Nps),
            "nps"
        );
        assert_eq!(slug("2025 kysely", &ColumnKind::Number), "c_2025_kysely");
    }

    #[test]
    fn planned_fields_do_not_collide() {
        let mut meta = Vec::new();
        let cols = [
            ("Ikäryhmä".to_string(), ColumnKind::Categorical),
            ("ikäryhmä?".to_string(), ColumnKind::Categorical),
            ("Rooli".to_string(), ColumnKind::Categorical),
            ("Line".to_string(), ColumnKind::Number),
        ];
        assert!(!plan_meta(
            &mut meta,
            cols.iter().map(|(c, k)| (c.as_str(), k))
        ));
        let names: Vec<&str> = meta.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(names, ["ikäryhmä", "ikäryhmä_2", "rooli", "line_2"]);
        assert!(plan_meta(
            &mut meta,
            cols.iter().map(|(c, k)| (c.as_str(), k))
        ));
        let schema = build_schema(&meta);
        assert!(Fields::of(&schema, &meta).is_some());
    }
}
