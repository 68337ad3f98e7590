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

use super::codebook::{Codebook, CodebookTheme, UnitView, parse_rule};
use super::features::Analysed;
use super::membership::Membership;
use super::quotes::UnitRef;
use super::{ThemeDef, label::TermCounts};
use crate::corpus::Corpus;
use crate::text::Analyzer;
use crate::{Error, Result};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
        let line = |span: std::ops::Range<usize>| crate::corpus::lines::line_of(text, span.start);
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

/// What [`apply`] works on: the answers and their analysis.
pub(super) struct Answers<'a> {
    pub corpus: &'a Corpus,
    pub refs: &'a [UnitRef],
    pub analysed: &'a Analysed,
    pub texts: &'a [&'a str],
}

/// One theme being refined.
struct Slot {
    id: String,
    label: Option<String>,
    description: Option<String>,
    /// The slot it was merged into (itself while it stands), at which line.
    into: usize,
    merged_at: u64,
    dropped: Option<u64>,
}

/// A theme in one answer: (slot, spans, score, content words).
type Found = (usize, Vec<(usize, usize)>, f64, usize);

/// Apply `refine` to discovered themes: the themes and memberships after
/// the refinements, and one line per refinement applied.
pub(super) fn apply(
    refine: &Refine,
    defs: Vec<ThemeDef>,
    members: Membership,
    seed_of: &[Option<usize>],
    cx: &Answers<'_>,
) -> Result<(Vec<ThemeDef>, Membership, Vec<String>)> {
    let k = defs.len();
    let n = members.len();
    let mut applied = Vec::new();
    let mut discovered_size = vec![0usize; k];
    for m in members.iter() {
        for e in m {
            discovered_size[e.theme as usize] += 1;
        }
    }
    for (s, seed) in refine.seeds.iter().enumerate() {
        let t = seed_of.iter().position(|&x| x == Some(s));
        match t.filter(|&t| discovered_size[t] > 0) {
            Some(t) => applied.push(format!(
                "line {}: seed {} ({}): {}, {} answers",
                seed.line,
                quoted(&seed.label),
                seed.rule,
                defs[t].id,
                discovered_size[t]
            )),
            None => {
                return Err(refine.error(
                    seed.line,
                    format!(
                        "seed {}: {} matches no sentence of the answers",
                        quoted(&seed.label),
                        seed.rule
                    ),
                ));
            }
        }
    }
    let mut slots: Vec<Slot> = defs
        .iter()
        .enumerate()
        .map(|(t, d)| Slot {
            id: d.id.clone(),
            label: d.label.clone(),
            description: d.description.clone(),
            into: t,
            merged_at: 0,
            dropped: None,
        })
        .collect();
    // The labels discovery gave, made only when a name is neither an id
    // nor a label of this file.
    let mut discovered_labels: Option<Vec<String>> = None;
    let mut file_labels: FxHashMap<String, usize> = FxHashMap::default();
    let ids: FxHashMap<String, usize> = defs
        .iter()
        .enumerate()
        .map(|(t, d)| (d.id.clone(), t))
        .collect();
    let names_hint = match k {
        0 => "the run has no themes".to_string(),
        1 => format!("the run's theme is {}", defs[0].id),
        _ => format!("the run's themes are {}–{}", defs[0].id, defs[k - 1].id),
    };
    let mut resolve =
        |r: &Ref, slots: &[Slot], file_labels: &FxHashMap<String, usize>| -> Result<usize> {
            // A label this file gives names the theme as it stands; a
            // discovered id or label names the theme discovery found.
            let by_file = file_labels.get(&r.name).copied();
            let mut s = match by_file.or_else(|| ids.get(&r.name).copied()) {
                Some(s) => s,
                None => {
                    let labels = discovered_labels.get_or_insert_with(|| {
                        let counts = TermCounts::new(cx.analysed, cx.texts);
                        let mut units: Vec<Vec<usize>> = vec![Vec::new(); k];
                        for (i, m) in members.iter().enumerate() {
                            for e in m {
                                units[e.theme as usize].push(i);
                            }
                        }
                        defs.par_iter()
                            .zip(&units)
                            .map(|(d, u)| {
                                d.label.clone().unwrap_or_else(|| {
                                    counts.characterise(cx.analysed, cx.texts, u).label
                                })
                            })
                            .collect()
                    });
                    let found: Vec<usize> = (0..k).filter(|&t| labels[t] == r.name).collect();
                    match found.as_slice() {
                        [t] => *t,
                        [] => {
                            return Err(refine.error(
                                r.line,
                                format!(
                                    "no theme {} in this run ({names_hint}, or their labels in \
                                 themes.json; ids and labels change with the data and --seed)",
                                    quoted(&r.name)
                                ),
                            ));
                        }
                        several => {
                            let ids: Vec<&str> =
                                several.iter().map(|&t| defs[t].id.as_str()).collect();
                            return Err(refine.error(
                                r.line,
                                format!(
                                    "{} is the label of {} themes ({}): name one by its id",
                                    quoted(&r.name),
                                    several.len(),
                                    ids.join(", ")
                                ),
                            ));
                        }
                    }
                }
            };
            if by_file.is_some() {
                while slots[s].into != s {
                    s = slots[s].into;
                }
            } else if slots[s].merged_at != 0 {
                let mut to = s;
                while slots[to].into != to {
                    to = slots[to].into;
                }
                return Err(refine.error(
                    r.line,
                    format!(
                        "theme {} is merged into {} at line {}: name that theme instead",
                        quoted(&r.name),
                        quoted(slots[to].label.as_deref().unwrap_or(&slots[to].id)),
                        slots[s].merged_at
                    ),
                ));
            }
            if let Some(at) = slots[s].dropped {
                return Err(refine.error(
                    r.line,
                    format!("theme {} is dropped at line {at}", quoted(&r.name)),
                ));
            }
            Ok(s)
        };
    // Merges.
    for m in &refine.merges {
        let mut parts = Vec::new();
        for r in &m.themes {
            let s = resolve(r, &slots, &file_labels)?;
            if parts.contains(&s) {
                return Err(refine.error(
                    r.line,
                    format!(
                        "merge {}: {} is already one of its themes",
                        quoted(&m.label),
                        quoted(&r.name)
                    ),
                ));
            }
            parts.push(s);
        }
        let target = *parts.iter().min().expect("two themes or more");
        for &p in &parts {
            slots[p].into = target;
            slots[p].merged_at = m.line;
        }
        slots[target].label = Some(m.label.clone());
        slots[target].description = m.description.clone();
        file_labels.insert(m.label.clone(), target);
        let names: Vec<&str> = m.themes.iter().map(|r| r.name.as_str()).collect();
        applied.push(format!(
            "line {}: merge {} into {} ({})",
            m.line,
            names.join(", "),
            quoted(&m.label),
            slots[target].id
        ));
    }
    // Splits: a new slot each, with the next free id.
    let mut next_id = (1..)
        .map(|i| format!("t{i}"))
        .filter(|id| !ids.contains_key(id));
    let mut splits_of: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
    let mut split_slots = Vec::new();
    for (i, (sp, r)) in refine.splits.iter().zip(&refine.split_of).enumerate() {
        let from = resolve(r, &slots, &file_labels)?;
        let s = slots.len();
        slots.push(Slot {
            id: next_id.next().expect("endless ids"),
            label: Some(sp.label.clone()),
            description: sp.description.clone(),
            into: s,
            merged_at: 0,
            dropped: None,
        });
        splits_of.entry(from).or_default().push((i, s));
        file_labels.insert(sp.label.clone(), s);
        split_slots.push((from, s));
    }
    // Drops.
    let mut drop_slots = Vec::new();
    for r in &refine.drops {
        let s = resolve(r, &slots, &file_labels)?;
        slots[s].dropped = Some(r.line);
        drop_slots.push(s);
    }
    // Renames (no answer changes; their labels name themes for the moves).
    let mut renamed = Vec::new();
    for r in &refine.renames {
        let s = resolve(&r.theme, &slots, &file_labels)?;
        if let Some(l) = &r.label {
            file_labels.insert(l.clone(), s);
        }
        renamed.push((s, r));
    }
    // Each answer's themes after merges, splits and drops.
    let split_book = refine.split_book.as_ref();
    let into: Vec<usize> = slots.iter().map(|s| s.into).collect();
    let dropped: Vec<bool> = slots.iter().map(|s| s.dropped.is_some()).collect();
    let slot_of = |t: usize| {
        let mut s = t;
        while into[s] != s {
            s = into[s];
        }
        s
    };
    let found = |i: usize, keep_dropped: bool| -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        let view = UnitView {
            analysed: cx.analysed,
            unit: i,
            text: cx.texts[i],
        };
        for e in members.of(i) {
            let spans: Vec<(usize, usize)> = members.spans(i, e).collect();
            let mut s = slot_of(e.theme as usize);
            // A split's theme may be split again: follow until none takes it.
            'split: while let Some(list) = splits_of.get(&s) {
                for &(rule, to) in list {
                    let book = split_book.expect("splits have rules");
                    let Some(r) = &book.themes[rule].rule else {
                        continue;
                    };
                    if let Some(ranges) = view.eval(r) {
                        let matched = view.spans(&ranges);
                        let inside = spans.is_empty()
                            || matched.is_empty()
                            || matched
                                .iter()
                                .any(|m| spans.iter().any(|sp| m.0 >= sp.0 && m.1 <= sp.1));
                        if inside {
                            s = to;
                            continue 'split;
                        }
                    }
                }
                break;
            }
            if dropped[s] && !keep_dropped {
                continue;
            }
            match out.iter_mut().find(|f| f.0 == s) {
                Some(f) => {
                    f.1.extend(spans);
                    f.2 = f.2.max(e.score);
                    f.3 += e.content as usize;
                }
                None => out.push((s, spans, e.score, e.content as usize)),
            }
        }
        for f in &mut out {
            f.1.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for sp in f.1.drain(..) {
                match merged.last_mut() {
                    Some(l) if sp.0 <= l.1 => l.1 = l.1.max(sp.1),
                    _ => merged.push(sp),
                }
            }
            f.1 = merged;
        }
        out
    };
    // Answers per slot, before and after the drops.
    let n_slots = slots.len();
    let (with_dropped, sizes) = (0..n)
        .into_par_iter()
        .fold(
            || (vec![0usize; n_slots], vec![0usize; n_slots]),
            |(mut a, mut b), i| {
                for f in found(i, true) {
                    a[f.0] += 1;
                    if !dropped[f.0] {
                        b[f.0] += 1;
                    }
                }
                (a, b)
            },
        )
        .reduce(
            || (vec![0usize; n_slots], vec![0usize; n_slots]),
            |(mut a, mut b), (x, y)| {
                a.iter_mut().zip(x).for_each(|(p, q)| *p += q);
                b.iter_mut().zip(y).for_each(|(p, q)| *p += q);
                (a, b)
            },
        );
    let mut sizes = sizes;
    for (i, (sp, &(from, s))) in refine.splits.iter().zip(&split_slots).enumerate() {
        if with_dropped[s] == 0 {
            return Err(refine.error(
                sp.line,
                format!(
                    "split {}: {} matches no answer of theme {}",
                    quoted(&sp.label),
                    sp.rule,
                    quoted(&refine.split_of[i].name)
                ),
            ));
        }
        applied.push(format!(
            "line {}: split {} ({}) from {}: {} answers",
            sp.line,
            quoted(&sp.label),
            sp.rule,
            slots[from].id,
            with_dropped[s]
        ));
    }
    for (r, &s) in refine.drops.iter().zip(&drop_slots) {
        applied.push(format!(
            "line {}: drop {}: {} answers",
            r.line,
            named(&r.name, &slots[s].id),
            with_dropped[s]
        ));
    }
    // Moves, in file order: each answer's themes as they stand.
    let mut moved: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    let mut answers_of: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    if !refine.moves.is_empty() {
        for (i, &(d, _)) in cx.refs.iter().enumerate() {
            answers_of
                .entry(cx.corpus.documents[d].id.as_str())
                .or_default()
                .push(i);
        }
    }
    for m in &refine.moves {
        let s = resolve(&m.target, &slots, &file_labels)?;
        for r in &m.respondents {
            let all = answers_of.get(r.name.as_str()).map_or(&[][..], |v| v);
            let unit = |i: usize| &cx.corpus.documents[cx.refs[i].0].units[cx.refs[i].1];
            let chosen: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| {
                    m.question
                        .as_deref()
                        .is_none_or(|q| unit(i).question.as_deref() == Some(q))
                })
                .collect();
            let i = match (chosen.as_slice(), &m.question) {
                ([i], _) => *i,
                ([], None) => {
                    return Err(refine.error(
                        r.line,
                        format!(
                            "move: respondent {} has no analysed answer",
                            quoted(&r.name)
                        ),
                    ));
                }
                ([], Some(q)) => {
                    return Err(refine.error(
                        r.line,
                        format!(
                            "move: respondent {} has no analysed answer to {}",
                            quoted(&r.name),
                            quoted(q)
                        ),
                    ));
                }
                (several, _) => {
                    let qs: Vec<String> = several
                        .iter()
                        .map(|&i| unit(i).question.as_deref().unwrap_or("(text)").to_string())
                        .collect();
                    return Err(refine.error(
                        m.line,
                        format!(
                            "move: respondent {} has {} answers ({}): add question = \"…\"",
                            quoted(&r.name),
                            several.len(),
                            qs.join(" | ")
                        ),
                    ));
                }
            };
            let now = moved
                .entry(i)
                .or_insert_with(|| found(i, false).iter().map(|f| f.0).collect());
            let has = now.contains(&s);
            if m.into == has {
                return Err(refine.error(
                    r.line,
                    format!(
                        "move: the answer of respondent {} is {} theme {}",
                        quoted(&r.name),
                        if has { "already in" } else { "not in" },
                        quoted(&m.target.name)
                    ),
                ));
            }
            if m.into {
                now.push(s);
                sizes[s] += 1;
            } else {
                now.retain(|&x| x != s);
                sizes[s] -= 1;
            }
        }
        let who: Vec<&str> = m.respondents.iter().map(|r| r.name.as_str()).collect();
        applied.push(format!(
            "line {}: move respondent{} {} {} {}",
            m.line,
            if who.len() == 1 { "" } else { "s" },
            who.join(", "),
            if m.into { "into" } else { "out of" },
            named(&m.target.name, &slots[s].id)
        ));
    }
    for (s, r) in renamed {
        if let Some(l) = &r.label {
            slots[s].label = Some(l.clone());
        }
        if r.description.is_some() {
            slots[s].description = r.description.clone();
        }
        applied.push(format!(
            "line {}: rename {}{}{}",
            r.line,
            named(&r.theme.name, &slots[s].id),
            r.label
                .as_ref()
                .map_or(String::new(), |l| format!(" to {}", quoted(l))),
            if r.description.is_some() {
                ", new description"
            } else {
                ""
            }
        ));
    }
    // The themes that stand, by decreasing size (then as they were).
    let mut order: Vec<usize> = (0..n_slots)
        .filter(|&s| slots[s].into == s && slots[s].dropped.is_none())
        .collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut rank = vec![usize::MAX; n_slots];
    for (r, &s) in order.iter().enumerate() {
        rank[s] = r;
    }
    let members = Membership::build(n, |i, out| {
        let mut f = found(i, false);
        if let Some(now) = moved.get(&i) {
            f.retain(|x| now.contains(&x.0));
            for &s in now {
                if !f.iter().any(|x| x.0 == s) {
                    let content = cx
                        .analysed
                        .unit(i)
                        .iter()
                        .filter(|t| !t.stopword && !t.number)
                        .count();
                    f.push((s, Vec::new(), 0.0, content));
                }
            }
        }
        f.sort_by_key(|x| rank[x.0]);
        for (s, spans, score, content) in f {
            out.push(rank[s], spans, score, content);
        }
    });
    let defs = order
        .iter()
        .map(|&s| ThemeDef {
            id: slots[s].id.clone(),
            label: slots[s].label.clone(),
            description: slots[s].description.clone(),
            parent: None,
        })
        .collect();
    Ok((defs, members, applied))
}

/// A name in double quotes, as the file writes it.
fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// A theme as the file names it, with its id when the name is a label.
fn named(name: &str, id: &str) -> String {
    if name == id {
        id.to_string()
    } else {
        format!("{} ({id})", quoted(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, DocumentKind, Unit};
    use crate::text::AnalyzerConfig;

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
