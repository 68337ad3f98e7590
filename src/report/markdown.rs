//! `report.md`: the findings as Markdown tables and quotes, in Finnish, for
//! a thesis appendix. All respondent text is escaped so it shows as written:
//! no HTML (`<script>` stays text), no accidental emphasis, links or table
//! breaks.

use super::{labels, name_fi_en, p_equals, p_value, percent, question_fi_en};
use crate::escape::{markdown as escape, markdown_code, markdown_line as escape_line};
use crate::themes::{CrossTab, Method, Quote, Theme, ThemeResult};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

fn quote_md(out: &mut String, q: &Quote) {
    let _ = writeln!(out, "> {}", escape_line(&q.text));
    let mut src = vec![if q.speaker.is_some() {
        escape(&q.document)
    } else {
        format!("vastaaja {}", escape(&q.document))
    }];
    if let Some(qn) = &q.question {
        src.push(format!("”{}”", escape(qn)));
    }
    if let Some(s) = &q.speaker {
        src.push(format!("puhuja {}", escape(s)));
    }
    let file = q
        .source
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    src.push(format!("{}:{}", escape(&file), q.line));
    let _ = writeln!(out, ">\n> — {}\n", src.join(", "));
}

fn terms(list: &[crate::themes::Term], n: usize) -> String {
    list.iter()
        .take(n)
        .map(|t| escape(&t.term))
        .collect::<Vec<_>>()
        .join(", ")
}

fn theme_md(out: &mut String, label: &FxHashMap<&str, &str>, n: usize, t: &Theme) {
    let level = if t.parent.is_some() { "####" } else { "###" };
    let _ = writeln!(
        out,
        "{level} {n}. {} ({})\n",
        escape(&t.label),
        markdown_code(&t.id)
    );
    if let Some(parent) = &t.parent {
        let _ = writeln!(
            out,
            "Alateema: {}\n",
            escape(label.get(parent.as_str()).copied().unwrap_or(parent))
        );
    }
    if let Some(d) = &t.description {
        let _ = writeln!(out, "{}\n", escape(d));
    }
    let _ = writeln!(
        out,
        "- Vastauksia: {} ({} analysoiduista), vastaajia: {} ({})",
        t.answers,
        percent(t.answer_share),
        t.respondents,
        percent(t.respondent_share)
    );
    if !t.distinguishing.is_empty() {
        let _ = writeln!(out, "- Erottavat sanat: {}", terms(&t.distinguishing, 10));
    }
    if !t.parts.is_empty() {
        let _ = writeln!(out, "- Yhdyssanojen osat: {}", terms(&t.parts, 8));
    }
    if !t.bigrams.is_empty() {
        let _ = writeln!(out, "- Sanaparit: {}", terms(&t.bigrams, 6));
    }
    if !t.cooccurring.is_empty() {
        let co: Vec<String> = t
            .cooccurring
            .iter()
            .take(5)
            .map(|c| {
                format!(
                    "{} ({}/{})",
                    escape(label.get(c.theme.as_str()).copied().unwrap_or(&c.theme)),
                    c.answers,
                    c.respondents
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "- Esiintyy yhdessä (vastauksia/vastaajia): {}",
            co.join(", ")
        );
    }
    out.push('\n');
    for q in &t.quotes {
        quote_md(out, q);
    }
}

fn crosstab_md(out: &mut String, result: &ThemeResult, t: &CrossTab) {
    let label = labels(result);
    let (col, _) = name_fi_en(&t.column);
    let cell = if t.counted == "answers" {
        "teemaan kuuluvien vastausten määrä ja osuus luokan vastauksista (n)"
    } else {
        "teeman esiin nostaneiden vastaajien määrä ja osuus luokan vastaajista (n)"
    };
    let _ = writeln!(out, "### {}\n", escape(col));
    let _ = writeln!(
        out,
        "χ² = {:.2}, df = {}, {}. Solussa {cell}. \
         \\* = merkitsevä poikkeama (korjattu standardoitu jäännös |r| > 1,96); ▲ enemmän, ▼ vähemmän kuin odotettu.\n",
        t.chi_square,
        t.df,
        p_equals(t.p_value)
    );
    out.push_str("| Teema |");
    for (c, n) in t.categories.iter().zip(&t.totals) {
        let _ = write!(out, " {} (n = {n}) |", escape(name_fi_en(c).0));
    }
    out.push_str(" p |\n|---|");
    for _ in &t.categories {
        out.push_str("---:|");
    }
    out.push_str("---:|\n");
    for row in &t.rows {
        let _ = write!(
            out,
            "| {} |",
            escape(label.get(row.theme.as_str()).copied().unwrap_or(&row.theme))
        );
        for j in 0..t.categories.len() {
            let count = row.counts.get(j).copied().unwrap_or(0);
            let share = row.column_shares.get(j).copied().unwrap_or(f64::NAN);
            let r = row.residuals.get(j).copied().unwrap_or(0.0);
            let mark = if r > 1.96 {
                " \\*▲"
            } else if r < -1.96 {
                " \\*▼"
            } else {
                ""
            };
            let _ = write!(out, " {count} ({}){mark} |", percent(share));
        }
        let _ = writeln!(out, " {} |", p_value(row.p_value));
    }
    out.push('\n');
}

/// report.md: overview, NPS, themes with quotes, cross-tabs, unassigned.
pub fn render(result: &ThemeResult) -> String {
    let mut out = String::new();
    let p = &result.params;
    let o = &result.overview;
    out.push_str("# Teemaraportti\n\n");
    let files: Vec<String> = p
        .sources
        .iter()
        .map(|s| markdown_code(&s.display().to_string()))
        .collect();
    let method = match p.method {
        Method::Codebook => "koodikirja",
        Method::Discovery => "teemojen haku aineistosta",
    };
    let _ = writeln!(
        out,
        "Aineisto: {}. Menetelmä: {method} ({}), {} teemaa, siemen {}, lemmatisoija {}, teema {}.\n",
        files.join(", "),
        escape(if p.algorithm_fi.is_empty() {
            &p.algorithm
        } else {
            &p.algorithm_fi
        }),
        p.k,
        p.seed,
        escape(&p.lemmatizer),
        escape(&p.teema_version)
    );
    let _ = writeln!(out, "{}\n", pseudonymisation_fi(p.pseudonymised.as_deref()));
    if let Some(r) = &p.refine {
        let _ = writeln!(
            out,
            "Tarkennukset tiedostosta {} (SHA-256 {}):\n",
            markdown_code(&r.path.display().to_string()),
            r.sha256
        );
        for a in &r.applied {
            let _ = writeln!(out, "- {}", escape(a));
        }
        out.push('\n');
    }

    out.push_str("## Yleiskuva\n\n| | |\n|---|---:|\n");
    let _ = writeln!(out, "| Vastaajia ja haastatteluja | {} |", o.documents);
    let _ = writeln!(out, "| Joilla analysoitu vastaus | {} |", o.respondents);
    let _ = writeln!(out, "| Analysoituja vastauksia | {} |", o.answers);
    if o.excluded_interviewer_turns > 0 {
        let _ = writeln!(
            out,
            "| Haastattelijan puheenvuoroja (ei analysoitu) | {} |",
            o.excluded_interviewer_turns
        );
    }
    let _ = writeln!(
        out,
        "| Ei mihinkään teemaan | {} ({}) |\n",
        result.unassigned.answers,
        percent(result.unassigned.share)
    );
    if !o.questions.is_empty() {
        out.push_str("| Kysymys | Vastauksia |\n|---|---:|\n");
        for q in &o.questions {
            let (fi, _) = question_fi_en(&q.question);
            let _ = writeln!(out, "| {} | {} |", escape(&fi), q.answers);
        }
        out.push('\n');
    }
    if let Some(nps) = &o.nps {
        let share = |n: usize| n as f64 / nps.responses.max(1) as f64;
        let _ = writeln!(
            out,
            "### NPS\n\n{}: **NPS {:+.0}** (suosittelijat {} − arvostelijat {}), keskiarvo {:.1}, n = {}.\n",
            escape(&nps.column),
            nps.nps,
            percent(share(nps.promoters)),
            percent(share(nps.detractors)),
            nps.mean,
            nps.responses
        );
        out.push_str("| Pisteet |");
        for i in 0..nps.distribution.len() {
            let _ = write!(out, " {i} |");
        }
        out.push_str("\n|---|");
        for _ in &nps.distribution {
            out.push_str("---:|");
        }
        out.push_str("\n| Vastaajia |");
        for n in &nps.distribution {
            let _ = write!(out, " {n} |");
        }
        out.push_str("\n\n");
    }

    out.push_str("## Teemat\n\n");
    if result.themes.is_empty() {
        out.push_str("Aineistosta ei löytynyt teemoja.\n\n");
    } else {
        out.push_str(
            "| Teema | Vastauksia | % vastauksista | Vastaajia | % vastaajista |\n|---|---:|---:|---:|---:|\n",
        );
        for t in &result.themes {
            let indent = if t.parent.is_some() { "↳ " } else { "" };
            let _ = writeln!(
                out,
                "| {indent}{} | {} | {} | {} | {} |",
                escape(&t.label),
                t.answers,
                percent(t.answer_share),
                t.respondents,
                percent(t.respondent_share)
            );
        }
        out.push('\n');
        let label = labels(result);
        for (i, t) in result.themes.iter().enumerate() {
            theme_md(&mut out, &label, i + 1, t);
        }
    }

    if !result.crosstabs.is_empty() {
        out.push_str("## Ristiintaulukoinnit\n\n");
        for t in &result.crosstabs {
            crosstab_md(&mut out, result, t);
        }
    }

    out.push_str("## Vastaukset, jotka eivät sovi mihinkään teemaan\n\n");
    let _ = writeln!(
        out,
        "{} vastausta ({} analysoiduista).\n",
        result.unassigned.answers,
        percent(result.unassigned.share)
    );
    for q in &result.unassigned.examples {
        quote_md(&mut out, q);
    }
    super::agreement::markdown(&mut out, result);
    out
}

/// The pseudonymisation line of the report, in Finnish.
pub(crate) fn pseudonymisation_fi(counts: Option<&[crate::themes::PseudonymCount]>) -> String {
    match counts {
        None => "Pseudonymisointi: ei tehty tässä ajossa.".to_string(),
        Some(counts) => {
            let parts: Vec<String> = counts
                .iter()
                .map(|c| format!("{} × [{} n]", c.replaced, c.label))
                .collect();
            format!(
                "Pseudonymisointi: henkilötiedot korvattiin koodeilla ennen analyysia ({}).",
                parts.join(", ")
            )
        }
    }
}
