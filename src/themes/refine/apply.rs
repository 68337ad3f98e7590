//! Applying a refine file ([`super`]) to discovered themes: the themes as
//! slots that merges join, splits add to and drops close; each answer's
//! themes worked out once to count them and once to build the memberships
//! (in parallel, in fixed pieces: the same at any thread count).

use super::{Ref, Refine};
use crate::Result;
use crate::corpus::Corpus;
use crate::themes::ThemeDef;
use crate::themes::codebook::UnitView;
use crate::themes::features::Analysed;
use crate::themes::label::{TermCounts, discovered_labels as discovered_labels_of};
use crate::themes::membership::Membership;
use crate::themes::quotes::UnitRef;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// What [`apply`] works on: the answers and their analysis.
pub(in crate::themes) struct Answers<'a> {
    pub corpus: &'a Corpus,
    /// Tells the word classes of labels' words (a theme named by its
    /// label is found by the labels themes.json shows).
    pub analyzer: &'a crate::text::Analyzer,
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
pub(in crate::themes) fn apply(
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
                        let counts = TermCounts::new(cx.analysed, cx.texts).worded_by(cx.analyzer);
                        discovered_labels_of(&counts, cx.analysed, cx.texts, &defs, &members)
                    });
                    let found: Vec<usize> = (0..k).filter(|&t| labels[t] == r.name).collect();
                    match found.as_slice() {
                        [t] => *t,
                        [] => {
                            return Err(refine.error(
                                r.line,
                                format!(
                                    "no theme {} in this run ({names_hint}, or their labels in \
                                 themes.json; ids and labels change with the data and the seed)",
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
                        .filter(|t| !t.stopword() && !t.number())
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
