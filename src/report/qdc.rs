//! `codebook.qdc`: the themes as a REFI-QDA codebook (QDA-XML codebook 1.0),
//! to import into NVivo, ATLAS.ti, MAXQDA or QualCoder and keep coding by
//! hand. Subthemes are nested under their parent; a theme's description is
//! the codebook's description or, for discovered themes, its characteristic
//! words. GUIDs are the same as in project.qdpx.

use super::xml::{colour, guid};
use crate::escape::xml as escape;
use crate::themes::{Theme, ThemeResult};
use std::fmt::Write as _;

/// The GUID of a theme's code (shared by codebook.qdc and project.qdpx).
pub(crate) fn code_guid(theme_id: &str) -> String {
    guid("code", theme_id)
}

/// The description written for a theme: its own, or its characteristic
/// words when it has none (discovered themes).
pub(crate) fn description(theme: &Theme) -> String {
    if let Some(d) = theme
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        return d.to_string();
    }
    let words: Vec<&str> = theme
        .lemmas
        .iter()
        .chain(&theme.bigrams)
        .map(|t| t.term.as_str())
        .take(8)
        .collect();
    if words.is_empty() {
        format!("{} ({} vastausta)", theme.label, theme.answers)
    } else {
        format!(
            "Tunnusomaiset sanat / characteristic words: {}",
            words.join(", ")
        )
    }
}

/// `<Code>` elements of the themes, nested by parent, in result order.
/// Themes whose parent is missing are placed at the top level.
pub(crate) fn codes_xml(result: &ThemeResult, indent: usize) -> String {
    let index = result.positions();
    // Each theme's subthemes in result order, found once (not by a search
    // through all themes per theme: a codebook may hold thousands).
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); result.themes.len()];
    let mut top = Vec::new();
    for (i, theme) in result.themes.iter().enumerate() {
        match theme.parent.as_deref().and_then(|p| index.get(p)) {
            Some(&p) if p != i => children[p].push(i),
            _ => top.push(i),
        }
    }
    let mut out = String::new();
    for i in top {
        code_xml(result, &children, i, indent, &mut out, 0);
    }
    out
}

fn code_xml(
    result: &ThemeResult,
    children: &[Vec<usize>],
    i: usize,
    indent: usize,
    out: &mut String,
    depth: usize,
) {
    let theme = &result.themes[i];
    let pad = "  ".repeat(indent + depth);
    let _ = write!(
        out,
        "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\">\n{pad}  <Description>{}</Description>\n",
        code_guid(&theme.id),
        escape(&theme.label),
        colour(i),
        escape(&description(theme)),
    );
    // Depth guard: a parent cycle in a malformed result cannot recurse forever.
    if depth < 16 {
        for &j in &children[i] {
            code_xml(result, children, j, indent, out, depth + 1);
        }
    }
    let _ = writeln!(out, "{pad}</Code>");
}

/// codebook.qdc: the themes as a QDA-XML codebook.
pub fn render(result: &ThemeResult) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"teema {}\">",
        escape(&result.params.teema_version)
    );
    out.push_str("  <Codes>\n");
    if result.themes.is_empty() {
        // The schema needs at least one code; say plainly that none was found.
        let _ = writeln!(
            out,
            "    <Code guid=\"{}\" name=\"teema: ei teemoja / no themes\" isCodable=\"false\"/>",
            guid("code", "\0none")
        );
    } else {
        out.push_str(&codes_xml(result, 2));
    }
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}
