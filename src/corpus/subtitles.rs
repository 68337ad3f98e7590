//! WebVTT and SRT transcripts (Whisper, Teams, Zoom): one utterance per cue.
//! The speaker comes from a `<v Name>` voice tag or a `Name:` prefix; other
//! tags are removed from the text. The span covers the cue's payload lines
//! as written in the file (tags included).

use super::Note;
use super::lines::lines;
use super::transcript::{Turn, label};

/// Cues of a VTT (`vtt = true`) or SRT file as turns.
pub(crate) fn parse(text: &str, vtt: bool, notes: &mut Vec<Note>) -> Vec<Turn> {
    let mut turns = Vec::new();
    let mut line_no = 0u64;
    let mut block: Vec<(usize, u64, &str)> = Vec::new();
    let mut first = true;
    let mut saw_cue = false;
    for (start, l) in lines(text) {
        line_no += 1;
        if l.trim().is_empty() {
            saw_cue |= cue(text, &block, &mut turns);
            block.clear();
            continue;
        }
        if first && vtt {
            first = false;
            if !l.trim_start_matches('\u{feff}').starts_with("WEBVTT") {
                notes.push(Note::warning(
                    1,
                    "does not start with 'WEBVTT'; read as WebVTT anyway",
                ));
            } else {
                continue;
            }
        }
        first = false;
        block.push((start, line_no, l));
    }
    saw_cue |= cue(text, &block, &mut turns);
    if !saw_cue {
        notes.push(Note::warning(
            0,
            "no cue timing lines ('00:00:01.000 --> 00:00:04.000') found",
        ));
    }
    turns
}

/// Turn one block into a turn; true when the block was a cue.
fn cue(text: &str, block: &[(usize, u64, &str)], turns: &mut Vec<Turn>) -> bool {
    let Some(timing) = block.iter().position(|(_, _, l)| l.contains("-->")) else {
        return false;
    };
    let time = block[timing]
        .2
        .split("-->")
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let payload = &block[timing + 1..];
    let Some(&(start, line, _)) = payload.first() else {
        turns.push(Turn {
            speaker: None,
            time: Some(time),
            text: String::new(),
            line: block[timing].1,
            span: (block[timing].0, block[timing].0),
        });
        return true;
    };
    let (last_start, _, last) = payload[payload.len() - 1];
    let raw = &text[start..last_start + last.len()];
    let mut speaker = voice(raw);
    let mut clean = strip_tags(raw);
    if speaker.is_none()
        && let Some(l) = label(&clean)
    {
        speaker = Some(l.name.to_owned());
        clean = clean[l.body..].to_owned();
    }
    turns.push(Turn {
        speaker,
        time: Some(time),
        text: clean.trim().to_owned(),
        line,
        span: (start, last_start + last.len()),
    });
    true
}

/// The name of a `<v Name>` or `<v.class Name>` voice tag.
fn voice(s: &str) -> Option<String> {
    let at = s.find("<v")?;
    let rest = &s[at + 2..];
    if !rest.starts_with([' ', '.']) {
        return None;
    }
    let end = rest.find('>')?;
    let inner = &rest[..end];
    let name = if inner.starts_with('.') {
        inner.split_once(' ').map_or("", |(_, n)| n)
    } else {
        inner
    };
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Remove `<...>` tags.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vtt_voice_tags_and_srt_prefixes() {
        let vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Haastattelija>Mitä kuuluu?</v>\n\n00:00:04.000 --> 00:00:06.500\n<v.loud Asiakas 2>No <i>ihan</i> hyvää\nkiitos.\n";
        let turns = parse(vtt, true, &mut Vec::new());
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].speaker.as_deref(), Some("Haastattelija"));
        assert_eq!(turns[1].speaker.as_deref(), Some("Asiakas 2"));
        assert_eq!(turns[1].text, "No ihan hyvää\nkiitos.");
        assert_eq!(
            (turns[1].line, turns[1].time.as_deref()),
            (8, Some("00:00:04.000"))
        );
        let srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nH: Moi.\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,000\r\nV: Moi moi.\r\n";
        let turns = parse(srt, false, &mut Vec::new());
        assert_eq!(turns[1].speaker.as_deref(), Some("V"));
        assert_eq!(turns[1].text, "Moi moi.");
        assert_eq!(&srt[turns[1].span.0..turns[1].span.1], "V: Moi moi.");
        // Old Mac line ends (CR alone) split the same cues.
        let cr = srt.replace("\r\n", "\r");
        let turns = parse(&cr, false, &mut Vec::new());
        assert_eq!(turns.len(), 2);
        assert_eq!((turns[1].text.as_str(), turns[1].line), ("Moi moi.", 7));
        assert_eq!(&cr[turns[1].span.0..turns[1].span.1], "V: Moi moi.");
    }
}
