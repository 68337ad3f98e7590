//! Themes: deductive coding with a researcher's codebook and inductive
//! discovery, with labels, representative quotes, prevalence, co-occurrence
//! and cross-tabs against closed answers.
//!
//! The entry point is [`run`]: a [`Corpus`], the shared [`Analyzer`] and
//! [`ThemeOptions`] in, a [`ThemeResult`] out (serde, stable schema: see
//! [`ThemeResult`]). [`run_on`] takes the run's token table
//! (`crate::text::table`) instead of analysing the answers again.
//!
//! Code answers with a codebook from Rust:
//!
//! ```
//! use std::path::Path;
//! use teema::corpus::{ReadOptions, read_paths};
//! use teema::text::{Analyzer, AnalyzerConfig};
//! use teema::themes::{Codebook, ThemeOptions, run};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let survey = dir.path().join("palaute.csv");
//! std::fs::write(
//!     &survey,
//!     "id,Palaute\n1,Vertaistuki auttoi eniten\n2,Aukioloajat ovat liian lyhyet\n3,Ryhmässä sain vertaistukea\n",
//! )
//! .unwrap();
//! let corpus = read_paths(&[survey], &ReadOptions::default()).unwrap();
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let codebook = Codebook::parse(
//!     "[[theme]]\nname = \"vertaistuki\"\nrule = 'tuki'\n\n[[theme]]\nname = \"aukioloajat\"\nrule = 'aukioloaika'\n",
//!     Path::new("koodikirja.toml"),
//!     &analyzer,
//! )
//! .unwrap();
//! let options = ThemeOptions { codebook: Some(codebook), ..Default::default() };
//! let result = run(&corpus, &analyzer, &options).unwrap();
//! let coded: Vec<(&str, usize)> = result.codings.iter().map(|c| (&*c.theme, c.unit)).collect();
//! assert_eq!(coded.len(), 3, "{coded:?}");
//! assert_eq!(result.themes[0].id, "vertaistuki");
//! ```

pub mod agreement;
mod assemble;
pub mod codebook;
pub(crate) mod crosstab;
pub mod discover;
pub mod draft;
pub mod features;
pub(crate) mod guided;
pub(crate) mod label;
pub mod membership;
pub mod quotes;
pub mod refine;
pub mod reliability;
mod result;
pub(crate) mod semantic;

pub use codebook::Codebook;
pub use refine::Refine;
pub use result::*;
pub use semantic::SegmentMeaning;

use crate::Result;
use crate::corpus::{Corpus, Role};
use crate::text::Analyzer;
use crate::text::table::Analysed;
use quotes::UnitRef;

/// What [`run`] should do.
#[derive(Debug, Clone)]
pub struct ThemeOptions {
    /// Code with this codebook; `None` discovers themes.
    pub codebook: Option<Codebook>,
    /// Number of themes for discovery; `None` chooses it.
    pub k: Option<usize>,
    /// Random seed of discovery.
    pub seed: u64,
    /// Cross-tabulate by these columns (also `nps_group`, `question`, `role`).
    pub by: Vec<String>,
    /// Analyse interviewer turns too.
    pub include_interviewer: bool,
    /// The researcher's refinements of discovered themes ([`refine`]).
    pub refine: Option<Refine>,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        ThemeOptions {
            codebook: None,
            k: None,
            seed: 1,
            by: Vec::new(),
            include_interviewer: false,
            refine: None,
        }
    }
}

/// A theme before its statistics: id, label, description, parent.
struct ThemeDef {
    id: String,
    label: Option<String>,
    description: Option<String>,
    parent: Option<usize>,
}

use membership::Membership;

/// How many values two ascending lists without repeats have in common.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Code or discover the themes of `corpus`, analysing its answers.
pub fn run(corpus: &Corpus, analyzer: &Analyzer, options: &ThemeOptions) -> Result<ThemeResult> {
    run_with(corpus, analyzer, options, None)
}

/// Code or discover the themes of `corpus` from `table`, the token table
/// of every unit of `corpus` in [`Corpus::units`] order (analysed once for
/// the whole run, or read back from an index), analysing nothing again.
pub fn run_on(
    corpus: &Corpus,
    analyzer: &Analyzer,
    options: &ThemeOptions,
    table: Analysed,
) -> Result<ThemeResult> {
    run_with(corpus, analyzer, options, Some(table))
}

fn run_with(
    corpus: &Corpus,
    analyzer: &Analyzer,
    options: &ThemeOptions,
    table: Option<Analysed>,
) -> Result<ThemeResult> {
    let answers = answers(corpus, analyzer, options.include_interviewer, table);
    if options.codebook.is_some()
        && let Some(r) = &options.refine
    {
        return Err(crate::error::OptionError::RefineWithCodebook {
            refine: r.path.clone(),
        }
        .into());
    }
    // The refinements' `~word`s take their neighbours from these answers.
    let refine = options
        .refine
        .as_ref()
        .map(|r| r.expanded(|cb| with_similar_words(cb, &answers.analysed)));
    let (defs, members, algorithm, applied) = match &options.codebook {
        Some(cb) => {
            let (defs, members, algorithm) = code(cb, &answers.analysed, &answers.texts);
            (defs, members, algorithm, None)
        }
        None => {
            let seeds = refine.as_ref().and_then(|r| r.seeds());
            let (defs, members, algorithm, seed_of) =
                discover_themes(&answers.analysed, &answers.texts, options, seeds);
            match &refine {
                Some(r) => {
                    let cx = refine::Answers {
                        corpus,
                        analyzer,
                        refs: &answers.refs,
                        analysed: &answers.analysed,
                        texts: &answers.texts,
                    };
                    let (defs, members, applied) = refine::apply(r, defs, members, &seed_of, &cx)?;
                    (defs, members, algorithm, Some(applied))
                }
                None => (defs, members, algorithm, None),
            }
        }
    };
    crate::memory::trace("themes: coded or discovered");
    crate::memory::release_free_memory();
    let params = RunParams {
        method: if options.codebook.is_some() {
            Method::Codebook
        } else {
            Method::Discovery
        },
        algorithm: algorithm.en,
        algorithm_fi: algorithm.fi,
        seed: options.seed,
        k_requested: if options.codebook.is_some() {
            None
        } else {
            options.k
        },
        k: defs.iter().filter(|d| d.parent.is_none()).count(),
        codebook: options.codebook.as_ref().map(|c| c.path.clone()),
        include_interviewer: options.include_interviewer,
        lemmatizer: analyzer.lemmatizer_name(),
        by: options.by.clone(),
        sources: corpus.sources.iter().map(|s| s.path.clone()).collect(),
        teema_version: env!("CARGO_PKG_VERSION").to_string(),
        pseudonymised: None,
        partial_sources: Vec::new(),
        refine: refine.zip(applied).map(|(r, applied)| Refinements {
            path: r.path,
            sha256: r.sha256,
            applied,
        }),
    };
    assemble::assemble(assemble::Input {
        corpus,
        answers,
        defs,
        members,
        params,
        options,
        analyzer,
    })
}

/// The analysed answers of a corpus: which units they are, their tokens
/// (lemmas, compound parts) and their texts. Discovery, coding and
/// [`draft`] all take the answers this way, so they count the same ones.
pub struct Answers<'c> {
    /// (document, unit) of every answer, in corpus order.
    pub refs: Vec<UnitRef>,
    /// The tokens of every answer, in `refs` order.
    pub analysed: features::Analysed,
    /// The text of every answer, in `refs` order.
    pub texts: Vec<&'c str>,
    /// Interviewer turns left out.
    pub excluded: usize,
}

/// The answers of `corpus` (interviewer turns only with
/// `include_interviewer`; empty texts never), analysed: their rows of
/// `table` (the token table of every unit, [`Corpus::units`] order) when
/// given, else by `analyzer`. Term ids are numbered by first occurrence in
/// the answers either way.
pub fn answers<'c>(
    corpus: &'c Corpus,
    analyzer: &Analyzer,
    include_interviewer: bool,
    table: Option<Analysed>,
) -> Answers<'c> {
    let mut excluded = 0;
    let refs: Vec<UnitRef> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.units.len()).map(move |u| (d, u)))
        .filter(|&(d, u)| {
            let unit = &corpus.documents[d].units[u];
            let keep = include_interviewer || unit.role != Some(Role::Interviewer);
            if !keep {
                excluded += 1;
            }
            keep && !unit.text.trim().is_empty()
        })
        .collect();
    crate::memory::trace("themes: units listed");
    let table = table.filter(|t| t.len() == corpus.unit_count());
    let analysed = match table {
        Some(table) => {
            // Each answer's row: its unit's place in the corpus.
            let mut first_unit = Vec::with_capacity(corpus.documents.len());
            let mut n_units = 0;
            for doc in &corpus.documents {
                first_unit.push(n_units);
                n_units += doc.units.len();
            }
            let rows: Vec<usize> = refs.iter().map(|&(d, u)| first_unit[d] + u).collect();
            table.select(&rows)
        }
        None => {
            let texts: Vec<(&str, crate::text::Register)> = refs
                .iter()
                .map(|&(d, u)| {
                    let unit = &corpus.documents[d].units[u];
                    (&*unit.text, unit.register())
                })
                .collect();
            features::analyse(analyzer, &texts)
        }
    };
    let texts: Vec<&str> = refs
        .iter()
        .map(|&(d, u)| &*corpus.documents[d].units[u].text)
        .collect();
    crate::memory::release_free_memory();
    crate::memory::trace("themes: analysed");
    Answers {
        refs,
        analysed,
        texts,
        excluded,
    }
}

/// Codebook coding: every rule on every answer, subthemes counted for parents.
fn code(
    cb: &Codebook,
    analysed: &features::Analysed,
    texts: &[&str],
) -> (Vec<ThemeDef>, Membership, Algorithm) {
    let with_neighbours;
    let cb = if cb.has_similar_terms() {
        with_neighbours = with_similar_words(cb, analysed);
        &with_neighbours
    } else {
        cb
    };
    let defs = cb
        .themes
        .iter()
        .map(|t| ThemeDef {
            id: t.name.clone(),
            label: Some(t.name.clone()),
            description: t.description.clone(),
            parent: t.parent,
        })
        .collect();
    let members = Membership::build(texts.len(), |u, out| {
        let view = codebook::UnitView {
            analysed,
            unit: u,
            text: texts[u],
        };
        let mut hits: Vec<Option<Vec<(usize, usize)>>> = cb
            .themes
            .iter()
            .map(|t| {
                t.rule
                    .as_ref()
                    .and_then(|r| view.eval(r))
                    .map(|rg| view.spans(&rg))
            })
            .collect();
        // Children after parents: walk backwards so grandchildren reach the top.
        for i in (0..cb.themes.len()).rev() {
            if let (Some(p), Some(spans)) = (cb.themes[i].parent, hits[i].clone()) {
                let entry = hits[p].get_or_insert_with(Vec::new);
                entry.extend(spans);
                entry.sort_unstable();
                entry.dedup();
            }
        }
        for (i, h) in hits.into_iter().enumerate() {
            if let Some(spans) = h {
                let score = spans.len() as f64;
                out.push(i, spans, score, 0);
            }
        }
    });
    let algorithm = Algorithm {
        en: "codebook rules over lemmas, compound parts and written forms".into(),
        fi: "koodikirjan säännöt lemmoista, yhdyssanojen osista ja kirjoitetuista muodoista".into(),
    };
    (defs, members, algorithm)
}

/// How the themes were found, as a researcher cites it: in English for
/// themes.json and project.qdpx, in Finnish for the reports.
struct Algorithm {
    en: String,
    fi: String,
}

impl Algorithm {
    /// Discovery by sentence, with or without words weighed by their
    /// commonness and the sentences' meaning vectors, to a given number of
    /// themes or to as many as are unlike.
    fn discovery(by_commonness: bool, with_meaning: bool, k_given: bool) -> Algorithm {
        let (words_en, words_fi) = if with_meaning {
            (
                "spherical k-means by sentence on TF-IDF of lemmas, compound parts and word \
                 prefixes (each word weighed by its commonness in general Finnish) in 48 LSA \
                 dimensions, joined with the sentences' meaning vectors (floret word vectors)",
                "lauseittainen pallomainen k-means-ryhmittely: lemmojen, yhdyssanojen osien ja \
                 sanojen alkujen TF-IDF (sanat painotettuina niiden yleisyydellä yleiskielessä) \
                 48 LSA-ulottuvuudessa ja lauseiden merkitysvektorit (floret-sanavektorit)",
            )
        } else if by_commonness {
            (
                "spherical k-means by sentence on TF-IDF of lemmas, compound parts and word \
                 prefixes (each word weighed by its commonness in general Finnish)",
                "lauseittainen pallomainen k-means-ryhmittely lemmojen, yhdyssanojen osien ja \
                 sanojen alkujen TF-IDF:stä (sanat painotettuina niiden yleisyydellä \
                 yleiskielessä)",
            )
        } else {
            (
                "spherical k-means by sentence on TF-IDF of lemmas, compound parts and word \
                 prefixes",
                "lauseittainen pallomainen k-means-ryhmittely lemmojen, yhdyssanojen osien ja \
                 sanojen alkujen TF-IDF:stä",
            )
        };
        let (merge_en, merge_fi) = match (k_given, with_meaning) {
            (true, _) => (
                "the given number of themes merged from 1.5 times as many clusters, in 48 LSA \
                 dimensions up to 40,000 sentences",
                "pyydetty määrä teemoja yhdistetty 1,5-kertaisesta määrästä ryhmiä, enintään \
                 40 000 lauseella 48 LSA-ulottuvuudessa",
            ),
            (false, true) => (
                "clusters merged while their centres are alike, at most 12 themes",
                "ryhmiä yhdistetty niin kauan kuin niiden keskukset ovat samankaltaisia, \
                 enintään 12 teemaa",
            ),
            (false, false) => (
                "clusters merged while their centres are alike",
                "ryhmiä yhdistetty niin kauan kuin niiden keskukset ovat samankaltaisia",
            ),
        };
        Algorithm {
            en: format!("{words_en}; {merge_en}"),
            fi: format!("{words_fi}; {merge_fi}"),
        }
    }
}

/// `cb` with the neighbours of its `~word`s: the lemmas of the analysed
/// answers nearest in meaning (stopwords and numbers left out).
fn with_similar_words(cb: &Codebook, analysed: &features::Analysed) -> Codebook {
    use crate::meaning::{MIN_SIMILARITY, NEIGHBOURS, Vocabulary, WordCount, WordVectors};
    let mut counts: Vec<(u64, u64)> = vec![(0, 0); analysed.vocab.len()];
    let mut last_unit: Vec<usize> = vec![usize::MAX; analysed.vocab.len()];
    for u in 0..analysed.len() {
        for t in analysed.unit(u) {
            if t.stopword() || t.number() {
                continue;
            }
            let id = t.lemma as usize;
            counts[id].0 += 1;
            if last_unit[id] != u {
                last_unit[id] = u;
                counts[id].1 += 1;
            }
        }
    }
    let words = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.0 > 0)
        .map(|(id, &(count, units))| WordCount {
            word: analysed.vocab.term(id as u32).to_string(),
            count,
            units,
        });
    let vectors = WordVectors::embedded();
    let vocabulary = Vocabulary::new(vectors, words);
    let mut cb = cb.clone();
    cb.expand_similar(&mut |lemma| {
        vocabulary
            .similar(vectors, lemma, NEIGHBOURS, MIN_SIMILARITY)
            .into_iter()
            .map(|s| s.word)
            .collect()
    });
    cb
}

/// Discovery: TF-IDF features, spherical k-means over sentences; an answer
/// has the themes of its sentences.
fn discover_themes(
    analysed: &features::Analysed,
    texts: &[&str],
    options: &ThemeOptions,
    seeds: Option<&Codebook>,
) -> (Vec<ThemeDef>, Membership, Algorithm, Vec<Option<usize>>) {
    let config = discover::DiscoverConfig {
        k: options.k,
        seed: options.seed,
        ..Default::default()
    };
    let found = discover::discover_answers_seeded(
        analysed,
        texts,
        &features::FeatureConfig::default(),
        &config,
        true,
        seeds,
    );
    // A seeded theme is labelled and described by its seed.
    let seed = |j: usize| seeds.zip(found.seeds[j]).map(|(cb, s)| &cb.themes[s]);
    let defs = (0..found.k)
        .map(|j| ThemeDef {
            id: format!("t{}", j + 1),
            label: seed(j).map(|s| s.name.clone()),
            description: seed(j).and_then(|s| s.description.clone()),
            parent: None,
        })
        .collect();
    let members = found.members;
    (
        defs,
        members,
        Algorithm::discovery(found.by_commonness, found.with_meaning, options.k.is_some()),
        found.seeds,
    )
}

#[cfg(test)]
mod tests {
    use super::Algorithm;

    #[test]
    fn the_method_names_what_discovery_used_in_both_languages() {
        let both = Algorithm::discovery(true, true, false);
        assert!(both.en.contains("meaning vectors") && both.en.contains("commonness"));
        assert!(both.fi.contains("merkitysvektorit") && both.fi.contains("yleisyydellä"));
        assert!(both.en.contains("at most 12 themes") && both.fi.contains("enintään 12"));
        let small = Algorithm::discovery(true, false, false);
        assert!(!small.en.contains("meaning") && small.en.contains("commonness"));
        assert!(!small.fi.contains("merkitys") && !small.fi.contains("enintään 12"));
        let given = Algorithm::discovery(false, false, true);
        assert!(!given.en.contains("commonness") && given.en.contains("given number"));
        assert!(given.fi.contains("pyydetty määrä"));
    }
}
