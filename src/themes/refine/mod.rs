//! Refinements: the researcher's decisions about discovered themes, kept in
//! a TOML file (`--refine refine.toml`) so every re-run applies them the
//! same way instead of the outputs being edited by hand.
//!
//! ```toml
//! [[seed]]                      # guided discovery: a theme of its own
//! label = "Aukioloajat"
//! words = ["aukioloaika", "auki", "sulkeutua"]
//!
//! [[merge]]                     # several themes into one
//! themes = ["t3", "t6", "t8"]
//! label = "Vertaistuki"
//! description = "Peer support: others in the same situation."
//!
//! [[split]]                     # a theme's answers that match, apart
//! theme = "t2"
//! label = "Kahvi ja ruoka"
//! rule = "kahvi OR ruoka"       # or words = [...]
//!
//! [[drop]]                      # its answers become unassigned
//! themes = ["t18"]
//!
//! [[move]]                      # given answers in or out of a theme
//! respondents = ["17", 23]
//! question = "Mitä kehittäisit?"  # needed where a respondent has several
//! into = "Vertaistuki"          # or out_of = "t4"
//!
//! [[rename]]
//! theme = "t1"
//! label = "Ohjaajat"
//! description = "The instructors: kind, present, easy to talk to."
//! ```
//!
//! A theme is named by its id (`t3`) or its label, exactly as the
//! themes.json of the same run without the file shows them (with the
//! file's seeds, whose themes are labelled by the seed), or by a label this
//! file gives (a merge's, a split's or a rename's). Once merged, themes are
//! named by the merge's label (the merged theme keeps the first theme's id
//! in the outputs): their old ids and labels are an error, so a drop or a
//! rename never takes a merged theme unseen. Rules and words are
//! the codebook's ([`super::codebook`]: lemmas, compound parts, prefixes
//! `sana*`, phrases, `~word`, AND/OR/NOT).
//!
//! The kinds apply in a fixed order, whatever their order in the file:
//! seeds (during discovery), merges, splits (a split takes the answers of
//! the theme whose sentences in it match the rule; several splits of a
//! theme are tried in file order), drops, moves (in file order), renames.
//! The themes are then ordered by decreasing size; discovered themes keep
//! their ids, a split's theme gets the next free id.
//!
//! Seeds are themes beside those discovery finds: with `--themes N`,
//! discovery finds N themes among the unseeded sentences. Seeds change what
//! discovery finds, so write them first and read the ids of the run with
//! them. A move names an answer by respondent (and question): it addresses
//! survey answers, not single utterances of an interview.
//!
//! Ids and labels change when the data or `--seed` do. A refinement that no
//! longer matches (a theme or answer not found, a seed or split rule that
//! matches nothing, an answer moved out of a theme it is not in or into one
//! it is in) stops the run with the file and line: nothing changes
//! silently.

mod apply;

pub(super) use apply::{Answers, apply};

use super::codebook::{Codebook, CodebookTheme, parse_rule};
use crate::text::Analyzer;
use crate::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A parsed, checked refine file.
#[derive(Debug, Clone)]
pub struct Refine {
    /// The file.
    pub path: PathBuf,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    seeds: Vec<Named>,
    merges: Vec<Merge>,
    splits: Vec<Named>,
    split_of: Vec<Ref>,
    drops: Vec<Ref>,
    moves: Vec<Move>,
    renames: Vec<Rename>,
    /// The seeds' and the splits' rules, as codebooks (one theme each, in
    /// file order), so `~word`s are expanded as a codebook's are.
    seed_book: Option<Codebook>,
    split_book: Option<Codebook>,
}

/// A theme named in the file, with the line it is named on.
#[derive(Debug, Clone)]
struct Ref {
    name: String,
    line: u64,
}

/// A theme the file makes (seed, split): label, description, rule text, line.
#[derive(Debug, Clone)]
struct Named {
    label: String,
    description: Option<String>,
    rule: String,
    line: u64,
}

#[derive(Debug, Clone)]
struct Merge {
    themes: Vec<Ref>,
    label: String,
    description: Option<String>,
    line: u64,
}

#[derive(Debug, Clone)]
struct Move {
    respondents: Vec<Ref>,
    question: Option<String>,
    target: Ref,
    into: bool,
    line: u64,
}

#[derive(Debug, Clone)]
struct Rename {
    theme: Ref,
    label: Option<String>,
    description: Option<String>,
    line: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    seed: Vec<RawRuled>,
    #[serde(default)]
    merge: Vec<RawMerge>,
    #[serde(default)]
    split: Vec<RawRuled>,
    #[serde(default)]
    drop: Vec<RawDrop>,
    #[serde(default, rename = "move")]
    moves: Vec<RawMove>,
    #[serde(default)]
    rename: Vec<RawRename>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuled {
    /// The theme split (splits only).
    #[serde(default)]
    theme: Option<Spanned<String>>,
    label: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    words: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    rule: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMerge {
    themes: Spanned<Vec<Spanned<String>>>,
    label: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDrop {
    themes: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawId {
    Text(String),
    Number(i64),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMove {
    respondents: Spanned<Vec<Spanned<RawId>>>,
    #[serde(default)]
    question: Option<String>,
    #[serde(default)]
    into: Option<Spanned<String>>,
    #[serde(default)]
    out_of: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRename {
    theme: Spanned<String>,
    #[serde(default)]
    label: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
}

impl Refine {
    /// Read and check a refine file; errors name the file and line.
    pub fn load(path: &Path, analyzer: &Analyzer) -> Result<Refine> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes.clone())
            .map_err(|_| Error::input(path, "not UTF-8 text: save the refine file as UTF-8"))?;
        let mut refine = Self::parse(&text, path, analyzer)?;
        refine.sha256 = crate::corpus::sha256_hex(&bytes);
        Ok(refine)
    }

    /// Parse refine-file `text` (from `path`, for messages).
    pub fn parse(text: &str, path: &Path, analyzer: &Analyzer) -> Result<Refine> {
        let lines = crate::corpus::lines::LineIndex::new(text);
        let line = |span: std::ops::Range<usize>| lines.line(span.start);
        let err = |l: u64, msg: String| Error::parse(path, l, msg);
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let l = e.span().map_or(0, &line);
            err(
                l,
                format!("not a valid refine file: {}", e.message().trim()),
            )
        })?;
        let mut session = analyzer.session();
        let label = |s: &Spanned<String>, what: &str| -> Result<String> {
            let l = s.get_ref().trim();
            if l.is_empty() {
                return Err(err(line(s.span()), format!("{what} has an empty label")));
            }
            Ok(l.to_string())
        };
        let reference = |s: &Spanned<String>| Ref {
            name: s.get_ref().trim().to_string(),
            line: line(s.span()),
        };
        // A seed's or a split's rule: the rule as written, or its words
        // joined by OR (a word of several is a phrase).
        let mut ruled = |r: &RawRuled, what: &str| -> Result<(Named, CodebookTheme)> {
            let name = label(&r.label, what)?;
            let (rule_text, l) = match (&r.words, &r.rule) {
                (Some(w), None) => {
                    let words: Vec<String> = w
                        .get_ref()
                        .iter()
                        .map(|w| w.trim())
                        .filter(|w| !w.is_empty())
                        .map(|w| {
                            if w.contains(char::is_whitespace) {
                                format!("\"{w}\"")
                            } else {
                                w.to_string()
                            }
                        })
                        .collect();
                    if words.is_empty() {
                        return Err(err(
                            line(w.span()),
                            format!("{what} \"{name}\": words is empty"),
                        ));
                    }
                    (words.join(" OR "), line(w.span()))
                }
                (None, Some(rule)) => (rule.get_ref().clone(), line(rule.span())),
                _ => {
                    return Err(err(
                        line(r.label.span()),
                        format!("{what} \"{name}\": give either words = [...] or rule = \"...\""),
                    ));
                }
            };
            let rule = parse_rule(&rule_text, &mut session)
                .map_err(|(_, msg)| err(l, format!("{what} \"{name}\": {msg}")))?;
            let named = Named {
                label: name.clone(),
                description: r.description.clone(),
                rule: rule_text.clone(),
                line: l,
            };
            let theme = CodebookTheme {
                name,
                description: r.description.clone(),
                parent: None,
                rule: Some(rule),
                rule_text: Some(rule_text),
                line: l,
            };
            Ok((named, theme))
        };
        let mut seeds = Vec::new();
        let mut seed_themes = Vec::new();
        for r in &raw.seed {
            if let Some(t) = &r.theme {
                return Err(err(
                    line(t.span()),
                    "a seed makes a new theme: it takes label and words (or rule), not theme"
                        .into(),
                ));
            }
            let (n, t) = ruled(r, "seed")?;
            seeds.push(n);
            seed_themes.push(t);
        }
        let mut splits = Vec::new();
        let mut split_of = Vec::new();
        let mut split_themes = Vec::new();
        for r in &raw.split {
            let Some(theme) = &r.theme else {
                return Err(err(
                    line(r.label.span()),
                    "a split needs theme = \"…\": the theme whose answers it takes".into(),
                ));
            };
            let (n, t) = ruled(r, "split")?;
            split_of.push(reference(theme));
            splits.push(n);
            split_themes.push(t);
        }
        let mut merges = Vec::new();
        for m in &raw.merge {
            let themes: Vec<Ref> = m.themes.get_ref().iter().map(reference).collect();
            if themes.len() < 2 {
                return Err(err(
                    line(m.themes.span()),
                    "a merge needs two themes or more in themes = [...]".into(),
                ));
            }
            merges.push(Merge {
                themes,
                label: label(&m.label, "a merge")?,
                description: m.description.clone(),
                line: line(m.label.span()),
            });
        }
        let mut drops = Vec::new();
        for d in &raw.drop {
            if d.themes.get_ref().is_empty() {
                return Err(err(line(d.themes.span()), "drop: themes is empty".into()));
            }
            drops.extend(d.themes.get_ref().iter().map(reference));
        }
        let mut moves = Vec::new();
        for m in &raw.moves {
            let respondents: Vec<Ref> = m
                .respondents
                .get_ref()
                .iter()
                .map(|r| Ref {
                    name: match r.get_ref() {
                        RawId::Text(s) => s.trim().to_string(),
                        RawId::Number(n) => n.to_string(),
                    },
                    line: line(r.span()),
                })
                .collect();
            let l = line(m.respondents.span());
            if respondents.is_empty() {
                return Err(err(l, "move: respondents is empty".into()));
            }
            let (target, into) = match (&m.into, &m.out_of) {
                (Some(t), None) => (reference(t), true),
                (None, Some(t)) => (reference(t), false),
                _ => {
                    return Err(err(
                        l,
                        "move: give either into = \"theme\" or out_of = \"theme\"".into(),
                    ));
                }
            };
            moves.push(Move {
                respondents,
                question: m.question.clone(),
                target,
                into,
                line: l,
            });
        }
        let mut renames = Vec::new();
        for r in &raw.rename {
            if r.label.is_none() && r.description.is_none() {
                return Err(err(
                    line(r.theme.span()),
                    "rename: give a new label, a description or both".into(),
                ));
            }
            renames.push(Rename {
                theme: reference(&r.theme),
                label: r.label.as_ref().map(|l| label(l, "rename")).transpose()?,
                description: r.description.clone(),
                line: line(r.theme.span()),
            });
        }
        let book = |themes: Vec<CodebookTheme>| {
            (!themes.is_empty()).then(|| Codebook {
                path: path.to_path_buf(),
                themes,
            })
        };
        Ok(Refine {
            path: path.to_path_buf(),
            sha256: String::new(),
            seeds,
            merges,
            splits,
            split_of,
            drops,
            moves,
            renames,
            seed_book: book(seed_themes),
            split_book: book(split_themes),
        })
    }

    /// The seeds as a codebook (one theme per seed), for guided discovery.
    pub fn seeds(&self) -> Option<&Codebook> {
        self.seed_book.as_ref()
    }

    /// `self` with the `~word`s of its seeds and splits expanded on the
    /// data (`expand` does it for one codebook).
    pub(super) fn expanded(&self, expand: impl Fn(&Codebook) -> Codebook) -> Refine {
        let mut r = self.clone();
        let expand_one = |b: &Option<Codebook>| match b {
            Some(b) if b.has_similar_terms() => Some(expand(b)),
            other => other.clone(),
        };
        r.seed_book = expand_one(&self.seed_book);
        r.split_book = expand_one(&self.split_book);
        r
    }

    fn error(&self, line: u64, message: String) -> Error {
        Error::parse(&self.path, line, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::corpus::{Document, DocumentKind, Unit};
    use crate::text::AnalyzerConfig;
    use crate::themes::ThemeDef;
    use crate::themes::membership::Membership;

    fn analyzer() -> Analyzer {
        Analyzer::new(AnalyzerConfig::default()).unwrap()
    }

    /// One respondent per text, answering one question.
    fn corpus(texts: &[&str]) -> Corpus {
        let mut c = Corpus::default();
        for (n, t) in texts.iter().enumerate() {
            c.documents.push(Document {
                id: format!("{}", n + 1),
                kind: DocumentKind::Respondent,
                source: 0,
                line: n as u64 + 2,
                meta: Vec::new(),
                units: vec![Unit {
                    question: Some("Mikä on ollut hyvää?".into()),
                    speaker: None,
                    role: None,
                    time: None,
                    text: (*t).into(),
                    line: n as u64 + 2,
                    span: (0, t.len()),
                }],
            });
        }
        c
    }

    fn parse(text: &str) -> Result<Refine> {
        Refine::parse(text, Path::new("refine.toml"), &analyzer())
    }

    /// (id, label) of each theme, each answer's theme ids, the lines applied.
    type Refined = (Vec<(String, Option<String>)>, Vec<Vec<String>>, Vec<String>);

    /// Themes of each answer after `text` is applied to three discovered
    /// themes (t1: answers 0-2, t2: 3-4, t3: 5-6; answer 7 in none), by id.
    fn refined(text: &str) -> Result<Refined> {
        let texts = [
            "Ohjaajat ovat ihania.",
            "Ohjaaja auttoi paperien kanssa.",
            "Kahvi on hyvää ja ohjaajat mukavia.",
            "Vertaistuki on ollut tärkeää.",
            "Vertaistukiryhmä keskiviikkona.",
            "Kokemusasiantuntija ymmärsi minua.",
            "Muiden kokemukset auttoivat.",
            "Wifi ei toimi.",
        ];
        let c = corpus(&texts);
        let a = analyzer();
        let answers = super::super::answers(&c, &a, false, None);
        let theme_of = |i: usize| match i {
            0..=2 => Some(0),
            3..=4 => Some(1),
            5..=6 => Some(2),
            _ => None,
        };
        let members = Membership::build(texts.len(), |i, out| {
            if let Some(t) = theme_of(i) {
                out.push(t, [], 0.5, 3);
            }
        });
        let defs = (1..=3)
            .map(|j| ThemeDef {
                id: format!("t{j}"),
                label: None,
                description: None,
                parent: None,
            })
            .collect();
        let refine = Refine::parse(text, Path::new("refine.toml"), &a)?;
        let cx = Answers {
            corpus: &c,
            analyzer: &a,
            refs: &answers.refs,
            analysed: &answers.analysed,
            texts: &answers.texts,
        };
        let (defs, members, applied) = apply(&refine, defs, members, &[None; 3], &cx)?;
        let themes = defs
            .iter()
            .map(|d| (d.id.clone(), d.label.clone()))
            .collect();
        let of = members
            .iter()
            .map(|m| {
                m.iter()
                    .map(|e| defs[e.theme as usize].id.clone())
                    .collect()
            })
            .collect();
        Ok((themes, of, applied))
    }

    fn message(e: Error) -> String {
        e.to_string()
    }

    #[test]
    fn merge_split_drop_move_and_rename_change_what_the_file_says() {
        let (themes, of, applied) = refined(
            "[[merge]]\nthemes = [\"t2\", \"t3\"]\nlabel = \"Vertaistuki\"\n\n\
             [[split]]\ntheme = \"t1\"\nlabel = \"Kahvi\"\nwords = [\"kahvi\"]\n\n\
             [[move]]\nrespondents = [8]\ninto = \"Vertaistuki\"\n\n\
             [[move]]\nrespondents = [\"2\"]\nout_of = \"t1\"\n\n\
             [[rename]]\ntheme = \"t1\"\nlabel = \"Ohjaajat\"\n",
        )
        .unwrap();
        // By decreasing size: Vertaistuki (5), Ohjaajat (1), Kahvi (1).
        assert_eq!(
            themes,
            [
                ("t2".into(), Some("Vertaistuki".into())),
                ("t1".into(), Some("Ohjaajat".into())),
                ("t4".into(), Some("Kahvi".into())),
            ]
        );
        let ids: Vec<&[String]> = of.iter().map(|v| v.as_slice()).collect();
        assert_eq!(
            ids,
            [
                &["t1".to_string()][..],
                &[],
                &["t4".to_string()],
                &["t2".to_string()],
                &["t2".to_string()],
                &["t2".to_string()],
                &["t2".to_string()],
                &["t2".to_string()],
            ]
        );
        assert_eq!(applied.len(), 5, "{applied:?}");
        assert_eq!(applied[0], "line 3: merge t2, t3 into \"Vertaistuki\" (t2)");
        assert!(
            applied[1].starts_with("line 8: split \"Kahvi\" (kahvi) from t1: 1 answers"),
            "{applied:?}"
        );
        // A drop leaves the answers in no theme.
        let (themes, of, _) = refined("[[drop]]\nthemes = [\"t1\"]\n").unwrap();
        assert_eq!(themes.len(), 2);
        assert!(of[..3].iter().all(|m| m.is_empty()));
    }

    #[test]
    fn what_no_longer_matches_is_an_error_at_its_line() {
        let cases = [
            (
                "[[rename]]\ntheme = \"t9\"\nlabel = \"X\"\n",
                "refine.toml:2: no theme \"t9\"",
            ),
            (
                "[[split]]\ntheme = \"t2\"\nlabel = \"X\"\nwords = [\"kahvi\"]\n",
                "refine.toml:4: split \"X\": kahvi matches no answer of theme \"t2\"",
            ),
            (
                "[[move]]\nrespondents = [\n 1,\n 99]\ninto = \"t2\"\n",
                "refine.toml:4: move: respondent \"99\" has no analysed answer",
            ),
            (
                "[[move]]\nrespondents = [1]\ninto = \"t1\"\n",
                "refine.toml:2: move: the answer of respondent \"1\" is already in theme \"t1\"",
            ),
            (
                "[[drop]]\nthemes = [\"t1\"]\n[[merge]]\nthemes = [\"t1\", \"t2\"]\nlabel = \"X\"\n",
                "refine.toml:2: theme \"t1\" is merged into \"X\" at line 5",
            ),
            (
                "[[drop]]\nthemes = [\"t1\"]\n[[rename]]\ntheme = \"t1\"\nlabel = \"X\"\n",
                "refine.toml:4: theme \"t1\" is dropped at line 2",
            ),
        ];
        for (text, expected) in cases {
            let err = message(refined(text).unwrap_err());
            assert!(err.starts_with(expected), "{text}\n{err}");
        }
    }

    #[test]
    fn a_malformed_file_is_an_error_at_its_line() {
        let cases = [
            (
                "[[merge]]\nthemes = [\"t1\", \"t2\"]\nlabel = \"X\"\nkleur = 1\n",
                "refine.toml:4: not a valid refine file",
            ),
            (
                "[[seed]]\nlabel = \"X\"\n",
                "refine.toml:2: seed \"X\": give either words",
            ),
            (
                "[[seed]]\nlabel = \"X\"\ntheme = \"t1\"\nwords = [\"a\"]\n",
                "refine.toml:3: a seed makes a new theme",
            ),
            (
                "[[split]]\nlabel = \"X\"\nwords = [\"a\"]\n",
                "refine.toml:2: a split needs theme",
            ),
            (
                "[[move]]\nrespondents = [1]\n",
                "refine.toml:2: move: give either into",
            ),
            (
                "[[rename]]\ntheme = \"t1\"\n",
                "refine.toml:2: rename: give a new label",
            ),
            (
                "[[split]]\ntheme = \"t1\"\nlabel = \"X\"\nrule = \"(kahvi\"\n",
                "refine.toml:4: split \"X\"",
            ),
        ];
        for (text, expected) in cases {
            let err = message(parse(text).unwrap_err());
            assert!(err.starts_with(expected), "{text}\n{err}");
        }
        // Words of several are phrases.
        let r = parse("[[seed]]\nlabel = \"X\"\nwords = [\"kahvi\", \"hyvä ruoka\"]\n").unwrap();
        assert_eq!(r.seeds[0].rule, "kahvi OR \"hyvä ruoka\"");
    }
}
