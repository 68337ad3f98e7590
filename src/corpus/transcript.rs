//! Plain-text and Markdown transcripts: speaker turns that start with a
//! label at line start (`H:`, `V1:`, `Haastattelija:`, `**Anna K:**`), with
//! optional timestamps (`[00:12:34]`, `(12:34)`) before or after the label,
//! and turns that continue over several lines. A label is a short
//! capitalised name of at most two words; an ordinary sentence that happens
//! to start with `Word:` is not taken as a speaker unless that label recurs
//! or is a known interview label.

use super::Note;
use super::lines::lines;
use super::roles::known_label;
use rustc_hash::FxHashMap;

/// One speaker turn (or subtitle cue) before roles are assigned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Turn {
    /// Speaker label, if the source has one.
    pub speaker: Option<String>,
    /// Timestamp as written.
    pub time: Option<String>,
    /// The utterance text.
    pub text: String,
    /// 1-based first line of the utterance text.
    pub line: u64,
    /// Byte offsets of the utterance in the decoded text.
    pub span: (usize, usize),
}

/// A label found at the start of a line.
#[derive(Debug, PartialEq)]
pub(crate) struct Label<'a> {
    /// The speaker label.
    pub name: &'a str,
    /// A timestamp before or after the label.
    pub time: Option<&'a str>,
    /// Byte offset in the line where the utterance text starts.
    pub body: usize,
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A timestamp `[hh:mm:ss]`, `(mm:ss)` or bare `h:mm:ss(.fff)` at the start
/// of `s`: (time text, bytes consumed).
pub(crate) fn timestamp(s: &str) -> Option<(&str, usize)> {
    let (inner, used) = match s.as_bytes().first()? {
        b'[' | b'(' => {
            let close = if s.starts_with('[') { ']' } else { ')' };
            let end = prefix(s, 20).find(close)?;
            (&s[1..end], end + 1)
        }
        _ => {
            let end = s.find(|c: char| c.is_whitespace()).unwrap_or(s.len());
            let t = &s[..end];
            if t.matches(':').count() != 2 {
                return None;
            }
            (t, end)
        }
    };
    let clock = inner.trim();
    let mut parts = clock.split(':');
    let first = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    let ok = !first.is_empty()
        && first.len() <= 2
        && first.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&rest.len())
        && rest.iter().enumerate().all(|(i, p)| {
            let (digits, frac) = match p.split_once(['.', ',']) {
                Some((d, f)) if i + 1 == rest.len() => (d, f),
                Some(_) => return false,
                None => (*p, "0"),
            };
            digits.len() == 2
                && digits.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        });
    ok.then_some((clock, used))
}

fn valid_label(label: &str) -> bool {
    let mut words = label.split(' ');
    let first = words.next().unwrap_or("");
    let second = words.next();
    if words.next().is_some() || label.len() > 30 {
        return false;
    }
    let word_ok = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    // A capitalised name; a number (`1:`, `2:`: numbered speakers, as
    // some transcription tools write them); or a known label in lower case
    // (`h:`, `v:`). The last two must recur to be taken (see `parse`).
    let numbered =
        second.is_none() && first.len() <= 3 && first.bytes().all(|b| b.is_ascii_digit());
    let known_lower = second.is_none() && known_label(first);
    (first.chars().next().is_some_and(|c| c.is_uppercase()) || numbered || known_lower)
        && word_ok(first)
        && second.is_none_or(|w| {
            word_ok(w)
                && w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// The first `:` outside brackets (`H (12:34): …` has its colon after `)`).
fn label_colon(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// A speaker label at the start of `line`, if there is one.
pub(crate) fn label(line: &str) -> Option<Label<'_>> {
    let mut pos = line.len() - line.trim_start().len();
    let mut time = None;
    if let Some((t, used)) = timestamp(&line[pos..]) {
        time = Some(t);
        pos += used;
        pos += line[pos..].len() - line[pos..].trim_start().len();
    }
    let rest = &line[pos..];
    let (bold, rest) = match rest.strip_prefix("**") {
        Some(r) => (2, r),
        None => (0, rest),
    };
    let colon = label_colon(prefix(rest, 48))?;
    let mut name = rest[..colon].trim_end_matches("**").trim_end();
    // A timestamp between the label and the colon: `H [00:01:02]:`.
    if let Some(open) = name.rfind(['[', '('])
        && let Some((t, _)) = timestamp(&name[open..])
    {
        time = time.or(Some(t));
        name = name[..open].trim_end();
    }
    if !valid_label(name) {
        return None;
    }
    let mut body = pos + bold + colon + 1;
    let after = &line[body..];
    if !(after.is_empty() || after.starts_with([' ', '\t', '*'])) {
        return None;
    }
    let after_bold = after.strip_prefix("**").unwrap_or(after);
    body += after.len() - after_bold.len();
    let ws = after_bold.len() - after_bold.trim_start().len();
    body += ws;
    if time.is_none()
        && let Some((t, used)) = timestamp(&line[body..])
    {
        time = Some(t);
        body += used;
        body += line[body..].len() - line[body..].trim_start().len();
    }
    Some(Label { name, time, body })
}

/// Trim `text[start..end]` to a span without surrounding whitespace.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    (start + lead, start + lead + body.len())
}

/// The 1-based line of byte `offset`, among the lines of [`lines`] (their
/// starts, in order): a search, not a count from the start of the text,
/// so a transcript of many turns is read in linear time.
fn line_of(all: &[(usize, &str)], offset: usize) -> u64 {
    all.partition_point(|(start, _)| *start <= offset).max(1) as u64
}

/// Split a transcript into turns; warnings go to `notes`.
pub(crate) fn parse(text: &str, notes: &mut Vec<Note>) -> Vec<Turn> {
    let all: Vec<(usize, &str)> = lines(text).collect();
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    let found: Vec<Option<Label>> = all.iter().map(|(_, l)| label(l)).collect();
    for l in found.iter().flatten() {
        *counts.entry(l.name).or_default() += 1;
    }
    // A known label is taken at once when capitalised (`H:`); any other
    // label when it recurs.
    let capital = |name: &str| name.chars().next().is_some_and(char::is_uppercase);
    let accepted = |l: &Label| counts[l.name] >= 2 || (known_label(l.name) && capital(l.name));
    let starts: Vec<usize> = (0..all.len())
        .filter(|&i| found[i].as_ref().is_some_and(accepted))
        .collect();
    if starts.is_empty() {
        return paragraphs(text, &all, notes);
    }
    let first_text = all
        .iter()
        .position(|(_, l)| !l.trim().is_empty())
        .unwrap_or(0);
    if first_text < starts[0] {
        let last = (first_text..starts[0])
            .rev()
            .find(|&i| !all[i].1.trim().is_empty())
            .unwrap_or(first_text);
        notes.push(Note::warning(
            first_text as u64 + 1,
            format!(
                "lines {}–{} come before the first speaker label and belong to no turn; they are not ingested",
                first_text + 1,
                last + 1
            ),
        ));
    }
    unread_labels(&all, &starts, notes);
    let mut turns = Vec::with_capacity(starts.len());
    for (k, &i) in starts.iter().enumerate() {
        let l = found[i].as_ref().expect("accepted label");
        let start = all[i].0 + l.body;
        let end = starts.get(k + 1).map_or(text.len(), |&j| all[j].0);
        let span = trimmed(text, start, end);
        turns.push(Turn {
            speaker: Some(l.name.to_owned()),
            time: l.time.map(str::to_owned),
            text: text[span.0..span.1].to_owned(),
            line: if span.0 == span.1 {
                i as u64 + 1
            } else {
                line_of(&all, span.0)
            },
            span,
        });
    }
    turns
}

/// Lines that start like a speaker label (a few words and a colon) whose
/// label recurs but is not read as one (an emoji, a lower-case name, a
/// long phrase): their text is part of the turn before them, so a whole
/// speaker could be counted as another. One warning per such label.
fn unread_labels(all: &[(usize, &str)], starts: &[usize], notes: &mut Vec<Note>) {
    let mut seen: FxHashMap<&str, Vec<u64>> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    let mut taken = starts.iter().peekable();
    for (i, (_, line)) in all.iter().enumerate() {
        if taken.next_if(|&&s| s == i).is_some() {
            continue;
        }
        let l = line.trim_start();
        let Some(colon) = label_colon(prefix(l, 48)) else {
            continue;
        };
        let name = l[..colon].trim();
        let after = &l[colon + 1..];
        if name.is_empty() || name.split_whitespace().count() > 3 || !after.starts_with([' ', '\t'])
        {
            continue;
        }
        let lines = seen.entry(name).or_default();
        if lines.is_empty() {
            order.push(name);
        }
        lines.push(i as u64 + 1);
    }
    for name in order {
        let lines = &seen[name];
        if lines.len() < 2 {
            continue;
        }
        let listed: Vec<String> = lines.iter().take(10).map(u64::to_string).collect();
        let more = if lines.len() > 10 {
            format!(" and {} more", lines.len() - 10)
        } else {
            String::new()
        };
        notes.push(Note::warning(
            lines[0],
            format!(
                "'{name}:' starts {} lines ({}{more}) but is not read as a speaker label (a label is \
                 a capitalised name of one or two words, or a number); their text belongs to the \
                 turn before each",
                lines.len(),
                listed.join(", ")
            ),
        ));
    }
}

/// A transcript without speaker labels: one turn per paragraph, one speaker.
fn paragraphs(text: &str, all: &[(usize, &str)], notes: &mut Vec<Note>) -> Vec<Turn> {
    let mut turns = Vec::new();
    let mut i = 0;
    while i < all.len() {
        if all[i].1.trim().is_empty() {
            i += 1;
            continue;
        }
        let first = i;
        while i < all.len() && !all[i].1.trim().is_empty() {
            i += 1;
        }
        let end = all[i - 1].0 + all[i - 1].1.len();
        // A paragraph of timestamps alone says nothing: an empty turn,
        // counted as empty.
        let only_times = all[first..i].iter().all(|(_, l)| {
            let l = l.trim();
            timestamp(l).is_some_and(|(_, used)| l[used..].trim().is_empty())
        });
        let span = if only_times {
            (all[first].0, all[first].0)
        } else {
            trimmed(text, all[first].0, end)
        };
        turns.push(Turn {
            speaker: None,
            time: None,
            text: text[span.0..span.1].to_owned(),
            line: first as u64 + 1,
            span,
        });
    }
    if !turns.is_empty() {
        notes.push(Note::warning(
            0,
            format!(
                "no speaker labels found (lines starting like 'H:', 'V:' or 'Haastattelija:'); \
                 read as one speaker in {} paragraphs",
                turns.len()
            ),
        ));
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_timestamps() {
        let l = label("[00:12:34] H: Miten meni?").unwrap();
        assert_eq!((l.name, l.time), ("H", Some("00:12:34")));
        assert_eq!(&"[00:12:34] H: Miten meni?"[l.body..], "Miten meni?");
        let l = label("Haastattelija (12:34): No niin").unwrap();
        assert_eq!((l.name, l.time), ("Haastattelija", Some("12:34")));
        let l = label("**Anna K:** [01:02] joo").unwrap();
        assert_eq!((l.name, l.time), ("Anna K", Some("01:02")));
        assert_eq!(&"**Anna K:** [01:02] joo"[l.body..], "joo");
        assert_eq!(
            label("V: Se on vähän kallis, mä saan sitä bussilippuun sitä tukea")
                .unwrap()
                .name,
            "V"
        );
        assert_eq!(
            label("Äiti sanoi että ääää ööö äää ööö ääää öö ää öö ää öö: x"),
            None
        );
        for no in [
            "Mä sanoin sille: ei käy",
            "kello oli 12:30",
            "Klo 12:30 alkoi",
            "huom: pieni",
        ] {
            assert_eq!(label(no), None, "{no}");
        }
    }

    #[test]
    fn every_interviewer_label_is_a_known_label() {
        // The reader and the role guess share one list: a label the roles
        // call the interviewer starts a turn even when it is used once.
        let text = "Kysyjä: Miten meni?\nVastaaja: Hyvin meni.\n";
        let mut notes = Vec::new();
        let turns = parse(text, &mut notes);
        let speakers: Vec<_> = turns.iter().map(|t| t.speaker.as_deref()).collect();
        assert_eq!(speakers, [Some("Kysyjä"), Some("Vastaaja")], "{notes:?}");
        assert!(crate::corpus::roles::interviewer_label("Kysyjä"));
        assert!(!crate::corpus::roles::interviewer_label("Vastaaja"));
    }

    #[test]
    fn turns_continue_over_lines_and_rare_colon_words_are_text() {
        let text = "H: Kerro vähän.\nV: No siis\nmä oon käyny täällä.\nEsimerkiksi: tiistaisin.\n\nH: Okei.\n";
        let mut notes = Vec::new();
        let turns = parse(text, &mut notes);
        assert_eq!(turns.len(), 3, "{turns:?}");
        assert_eq!(
            turns[1].text,
            "No siis\nmä oon käyny täällä.\nEsimerkiksi: tiistaisin."
        );
        assert_eq!(&text[turns[1].span.0..turns[1].span.1], turns[1].text);
        assert_eq!((turns[1].line, turns[2].line), (2, 6));
        assert!(notes.is_empty());
    }

    #[test]
    fn no_labels_gives_paragraphs_and_a_warning() {
        let mut notes = Vec::new();
        let turns = parse("Eka kappale.\nJatkuu.\n\nToka.\n", &mut notes);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[1].line, 4);
        assert!(notes[0].message.contains("no speaker labels"));
    }

    #[test]
    fn a_paragraph_of_timestamps_alone_is_an_empty_turn() {
        let mut notes = Vec::new();
        let text = "[00:00:01]\n(00:12)\n\n[00:01:00] Ja sitten puhuttiin.\n";
        let turns = parse(text, &mut notes);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].text, "");
        assert_eq!(turns[0].line, 1);
        assert_eq!(turns[1].text, "[00:01:00] Ja sitten puhuttiin.");
    }
}
