//! Roles of speakers in an interview: the interviewer is given
//! (`--interviewer H`), or recognised by label (`H`, `H1`, `Haastattelija`,
//! `Interviewer`, `I`, `Q`, …), or guessed as the speaker who asks the most
//! questions (said so in a warning). Everyone else is an interviewee.

use super::model::{Accounting, Document, DocumentKind, Role, Unit};
use super::transcript::Turn;
use super::{Note, ReadOptions};

/// The speaker labels of interview transcripts, in one list: those that
/// name the interviewer, then those of interviewees and other speakers.
/// Compared with a label's base: lower case, without a trailing number
/// (`H2` → `h`).
const INTERVIEWER_LABELS: &[&str] = &[
    "h",
    "i",
    "q",
    "haastattelija",
    "haast",
    "interviewer",
    "moderaattori",
    "kysyjä",
];
const OTHER_LABELS: &[&str] = &[
    "v",
    "a",
    "k",
    "r",
    "haastateltava",
    "interviewee",
    "vastaaja",
    "asiakas",
    "työntekijä",
    "ohjaaja",
    "respondent",
    "participant",
    "osallistuja",
    "speaker",
    "puhuja",
];

/// A label's base: lower case, without a trailing number.
fn label_base(label: &str) -> String {
    label
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim()
        .to_lowercase()
}

/// A label that names the interviewer (`H`, `H1`, `Haastattelija`, …).
pub(crate) fn interviewer_label(label: &str) -> bool {
    INTERVIEWER_LABELS.contains(&label_base(label).as_str())
}

/// A known interview label (`H`, `V2`, `Haastattelija`, …), whatever its
/// count in the file.
pub(crate) fn known_label(label: &str) -> bool {
    let base = label_base(label);
    INTERVIEWER_LABELS.contains(&base.as_str()) || OTHER_LABELS.contains(&base.as_str())
}

/// Speakers in order of first appearance.
fn speakers(turns: &[Turn]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in turns.iter().filter_map(|t| t.speaker.as_deref()) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Decide the interviewers of one interview.
fn interviewers<'a>(turns: &'a [Turn], o: &ReadOptions, notes: &mut Vec<Note>) -> Vec<&'a str> {
    let all = speakers(turns);
    if !o.interviewers.is_empty() {
        let given: Vec<&str> = all
            .iter()
            .copied()
            .filter(|s| o.interviewers.iter().any(|i| i.eq_ignore_ascii_case(s)))
            .collect();
        if given.is_empty() && !all.is_empty() {
            notes.push(Note::warning(
                0,
                format!(
                    "--interviewer {} matches no speaker here (speakers: {}); everyone is an interviewee",
                    o.interviewers.join(", "),
                    all.join(", ")
                ),
            ));
        }
        return given;
    }
    let known: Vec<&str> = all
        .iter()
        .copied()
        .filter(|s| interviewer_label(s))
        .collect();
    if !known.is_empty() || all.len() < 2 {
        return known;
    }
    let questions = |s: &str| {
        turns
            .iter()
            .filter(|t| t.speaker.as_deref() == Some(s) && t.text.trim_end().ends_with('?'))
            .count()
    };
    let mut best: Option<(&str, usize)> = None;
    for s in &all {
        let q = questions(s);
        if q > best.map_or(0, |b| b.1) {
            best = Some((s, q));
        }
    }
    match best {
        Some((s, q)) => {
            notes.push(Note::warning(
                0,
                format!("guessed '{s}' as the interviewer (asks the most questions: {q}); set it with --interviewer"),
            ));
            vec![s]
        }
        None => Vec::new(),
    }
}

/// One interview document from its turns, with roles and accounting.
pub(crate) fn interview(
    id: String,
    source: usize,
    turns: Vec<Turn>,
    o: &ReadOptions,
    notes: &mut Vec<Note>,
) -> (Document, Accounting) {
    let chosen: Vec<String> = interviewers(&turns, o, notes)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut accounting = Accounting::default();
    let line = turns.first().map_or(1, |t| t.line);
    let mut units = Vec::with_capacity(turns.len());
    for t in turns {
        accounting.read += 1;
        if t.text.trim().is_empty() {
            accounting.empty += 1;
            continue;
        }
        accounting.ingested += 1;
        let role = match &t.speaker {
            Some(s) if chosen.iter().any(|c| c == s) => Role::Interviewer,
            _ => Role::Interviewee,
        };
        units.push(Unit {
            question: None,
            speaker: t.speaker,
            role: Some(role),
            time: t.time,
            text: t.text.into(),
            line: t.line,
            span: t.span,
        });
    }
    let document = Document {
        id,
        kind: DocumentKind::Interview,
        source,
        line,
        meta: Vec::new(),
        units,
    };
    (document, accounting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(s: &str, text: &str) -> Turn {
        Turn {
            speaker: Some(s.into()),
            time: None,
            text: text.into(),
            line: 1,
            span: (0, 0),
        }
    }

    #[test]
    fn known_label_given_label_and_question_guess() {
        let turns = vec![
            turn("Liisa", "Miten menee?"),
            turn("Pekka", "Hyvin."),
            turn("Liisa", "Entä työ?"),
        ];
        let mut notes = Vec::new();
        let (doc, acc) = interview(
            "x".into(),
            0,
            turns.clone(),
            &ReadOptions::default(),
            &mut notes,
        );
        assert_eq!(doc.units[0].role, Some(Role::Interviewer));
        assert_eq!(doc.units[1].role, Some(Role::Interviewee));
        assert!(notes[0].message.contains("guessed 'Liisa'"));
        assert_eq!((acc.read, acc.ingested), (3, 3));
        let o = ReadOptions {
            interviewers: vec!["pekka".into()],
            ..Default::default()
        };
        let (doc, _) = interview("x".into(), 0, turns, &o, &mut Vec::new());
        assert_eq!(doc.units[1].role, Some(Role::Interviewer));
        let (doc, _) = interview(
            "x".into(),
            0,
            vec![turn("V", "Joo?"), turn("H1", "No?")],
            &ReadOptions::default(),
            &mut Vec::new(),
        );
        assert_eq!(doc.units[1].role, Some(Role::Interviewer));
    }
}
