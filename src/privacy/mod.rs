//! Pseudonymisation: personal data never reaches the index, a report or an
//! export.
//!
//! `detect` finds identity codes (henkilötunnus: a real date and a century
//! sign; a mistyped check character is still found), phone numbers, email
//! addresses (also written out, `(at)`, `[dot]`), IBANs (mod-97 checked; a
//! Finnish account also mistyped), street addresses and the names of a list
//! the researcher gives, in any inflected form, each in the ways people
//! write them (`tests/data/privacy/formats.tsv`).
//! `pseudonym` gives each distinct original a stable code per run
//! (`[HETU 1]`, `[PUHELIN 2]`, `[HENKILÖ 1]`), so the same person is the same
//! code everywhere. `apply` replaces the spans, keeps offsets consistent
//! and runs over a whole [`Corpus`](crate::corpus::Corpus)
//! ([`pseudonymise_corpus`]); [`copy`] writes pseudonymised copies of input
//! files in their own formats (`teema pseudonymise`).
//!
//! The key from codes back to the originals lives only in
//! [`PseudonymKey`]: it is not `Serialize`, its `Debug` shows no originals,
//! and it is written only by [`PseudonymKey::write`] to the file the user
//! names with `--key-out`.
//!
//! Pseudonymise a corpus from Rust before anything else sees it:
//!
//! ```
//! use teema::corpus::{ReadOptions, read_paths};
//! use teema::privacy::{PrivacyOptions, pseudonymise_corpus};
//! use teema::text::{Analyzer, AnalyzerConfig};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let survey = dir.path().join("palaute.csv");
//! std::fs::write(
//!     &survey,
//!     "id,Palaute\n1,Soittakaa minulle numeroon 040 123 4567\n2,Kiitos hyvästä palvelusta\n",
//! )
//! .unwrap();
//! let mut corpus = read_paths(&[survey], &ReadOptions::default()).unwrap();
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let report = pseudonymise_corpus(&mut corpus, &PrivacyOptions::default(), &analyzer).unwrap();
//! let texts: Vec<&str> = corpus.units().map(|(_, u)| &*u.text).collect();
//! assert_eq!(texts[0], "Soittakaa minulle numeroon [PUHELIN 1]");
//! assert_eq!(texts[1], "Kiitos hyvästä palvelusta");
//! assert!(!format!("{:?}", report.key).contains("4567"), "the key's Debug shows no originals");
//! ```

pub(crate) mod apply;
pub mod copy;
pub(crate) mod detect;
pub(crate) mod pseudonym;

pub use apply::{Edit, Pseudonymiser, map_offset, pseudonymise_corpus};
pub use detect::{Detectors, Found, NameList};
pub use pseudonym::{KindCount, PrivacyReport, PrivacySummary, PseudonymKey, Pseudonyms};

use serde::Serialize;

/// A kind of personal data teema detects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A person named in the `--names` list (`[HENKILÖ n]`).
    Name,
    /// A Finnish personal identity code, henkilötunnus (`[HETU n]`).
    Hetu,
    /// A phone number, Finnish or international (`[PUHELIN n]`).
    Phone,
    /// An email address (`[SÄHKÖPOSTI n]`).
    Email,
    /// An IBAN account number (`[IBAN n]`).
    Iban,
    /// A street address with a house number (`[OSOITE n]`).
    Address,
}

impl Kind {
    /// Every kind, in the order of reports and keys.
    pub const ALL: [Kind; 6] = [
        Kind::Name,
        Kind::Hetu,
        Kind::Phone,
        Kind::Email,
        Kind::Iban,
        Kind::Address,
    ];

    /// The kinds on by default (names need a list; addresses are asked for).
    pub const DEFAULT: [Kind; 4] = [Kind::Hetu, Kind::Phone, Kind::Email, Kind::Iban];

    /// Name on the command line and in JSON (`hetu`, `phone`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Hetu => "hetu",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Iban => "iban",
            Kind::Address => "address",
        }
    }

    /// The word in the code (`[PUHELIN 3]`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Name => "HENKILÖ",
            Kind::Hetu => "HETU",
            Kind::Phone => "PUHELIN",
            Kind::Email => "SÄHKÖPOSTI",
            Kind::Iban => "IBAN",
            Kind::Address => "OSOITE",
        }
    }

    /// What it is, in plural, for messages (`phone numbers`).
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Name => "names",
            Kind::Hetu => "identity codes",
            Kind::Phone => "phone numbers",
            Kind::Email => "email addresses",
            Kind::Iban => "IBANs",
            Kind::Address => "street addresses",
        }
    }

    /// Position in [`Kind::ALL`], for per-kind arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Parse a command-line name (`hetu`, `phone`, `email`, `iban`,
    /// `address`, `names`; a few Finnish and singular/plural variants).
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s.trim().to_lowercase().as_str() {
            "name" | "names" | "nimi" | "nimet" | "henkilö" => Kind::Name,
            "hetu" | "henkilötunnus" | "ssn" => Kind::Hetu,
            "phone" | "phones" | "puhelin" => Kind::Phone,
            "email" | "emails" | "sähköposti" => Kind::Email,
            "iban" | "ibans" | "tilinumero" => Kind::Iban,
            "address" | "addresses" | "osoite" => Kind::Address,
            _ => return None,
        })
    }
}

/// What to pseudonymise.
#[derive(Debug, Clone)]
pub struct PrivacyOptions {
    /// The kinds to detect ([`Kind::Name`] only takes effect with `names`).
    pub kinds: Vec<Kind>,
    /// The researcher's list of names (`--names FILE`).
    pub names: Option<NameList>,
}

impl Default for PrivacyOptions {
    fn default() -> Self {
        PrivacyOptions {
            kinds: Kind::DEFAULT.to_vec(),
            names: None,
        }
    }
}

impl PrivacyOptions {
    /// True when `kind` will be detected.
    pub fn detects(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind) && (kind != Kind::Name || self.names.is_some())
    }
}
