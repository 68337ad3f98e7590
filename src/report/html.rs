//! `report.html`: one self-contained page (inline CSS, inline script,
//! inline SVG; no network, no external fonts) in Finnish with an English
//! switch. It shows the overview (respondents, answers per question, NPS
//! and its distribution), each theme with its prevalence bar, words, quotes
//! and co-occurring themes, the cross-tabs as heat maps with significant
//! cells marked, a theme co-occurrence matrix, and a filter box that
//! narrows the quotes. A Content-Security-Policy forbids every network
//! request, and every piece of respondent text goes through [`crate::escape::html`].

use super::{labels, name_fi_en, p_equals, p_value, percent, question_fi_en};
use crate::escape::html as escape;
use crate::themes::{CrossTab, Method, NpsSummary, Quote, QuotedSpans, Theme, ThemeResult};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Both languages of a piece of the page's own text (already HTML).
fn t(fi: &str, en: &str) -> String {
    if fi == en {
        return fi.to_string();
    }
    format!("<span class=\"fi\">{fi}</span><span class=\"en\">{en}</span>")
}

/// A teema-named column or category in both languages, escaped.
fn name(n: &str) -> String {
    let (fi, en) = name_fi_en(n);
    t(&escape(fi), &escape(en))
}

/// A horizontal prevalence bar for a share 0–1.
fn bar(share: f64) -> String {
    let w = if share.is_finite() {
        (share.clamp(0.0, 1.0) * 100.0 * 10.0).round() / 10.0
    } else {
        0.0
    };
    format!(
        "<svg class=\"bar\" viewBox=\"0 0 100 8\" width=\"180\" height=\"14\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"none\"><rect class=\"bg\" width=\"100\" height=\"8\"/><rect class=\"fg\" width=\"{w:.1}\" height=\"8\"/></svg>",
        percent(share)
    )
}

/// The NPS distribution 0–10 as a bar chart, coloured by group.
fn nps_chart(nps: &NpsSummary) -> String {
    let max = nps.distribution.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut s = String::from(
        "<svg class=\"nps\" viewBox=\"0 0 330 130\" width=\"330\" height=\"130\" role=\"img\" aria-label=\"NPS 0–10\">",
    );
    for (i, &n) in nps.distribution.iter().enumerate() {
        let h = (n as f64 / max * 90.0 * 10.0).round() / 10.0;
        let x = 4 + i * 29;
        let class = match i {
            0..=6 => "det",
            7 | 8 => "pas",
            _ => "pro",
        };
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{x}\" y=\"{:.1}\" width=\"24\" height=\"{h:.1}\"><title>{i}: {n}</title></rect>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>\
             <text x=\"{}\" y=\"126\" text-anchor=\"middle\">{i}</text>",
            110.0 - h,
            x + 12,
            106.0 - h,
            x + 12
        );
    }
    s.push_str("</svg>");
    s
}

/// The quote's text, escaped, with the theme's coded spans in `<mark>`
/// (unless a span is the whole answer, as in discovered themes).
fn highlighted(text: &str, marks: Option<&Vec<(usize, usize, &str)>>) -> String {
    let mut spans: Vec<(usize, usize)> = marks
        .map(|m| {
            m.iter()
                .filter(|&&(a, b, coded)| {
                    a < b && text.get(a..b) == Some(coded) && !(a == 0 && b == text.len())
                })
                .map(|&(a, b, _)| (a, b))
                .collect()
        })
        .unwrap_or_default();
    spans.sort_unstable();
    let mut out = String::new();
    let mut pos = 0;
    for (a, b) in spans {
        let a = a.max(pos);
        if a >= b {
            continue;
        }
        out.push_str(&escape(&text[pos..a]));
        let _ = write!(out, "<mark>{}</mark>", escape(&text[a..b]));
        pos = b;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

fn quote_html(out: &mut String, q: &Quote, marks: Option<&Vec<(usize, usize, &str)>>) {
    let mut src = vec![if q.speaker.is_some() {
        escape(&q.document)
    } else {
        format!("{} {}", t("vastaaja", "respondent"), escape(&q.document))
    }];
    if let Some(qn) = &q.question {
        src.push(format!("”{}”", escape(qn)));
    }
    if let Some(s) = &q.speaker {
        src.push(format!("{} {}", t("puhuja", "speaker"), escape(s)));
    }
    let file = q
        .source
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    src.push(format!("{}:{}", escape(&file), q.line));
    let _ = writeln!(
        out,
        "<blockquote class=\"quote\"><p>{}</p><footer>{}</footer></blockquote>",
        highlighted(&q.text, marks),
        src.join(" · ")
    );
}

fn terms(list: &[crate::themes::Term], n: usize) -> String {
    list.iter()
        .take(n)
        .map(|x| format!("<span class=\"chip\">{}</span>", escape(&x.term)))
        .collect()
}

fn theme_html(
    out: &mut String,
    result: &ThemeResult,
    (i, theme): (usize, &Theme),
    index: &FxHashMap<&str, usize>,
    spans: &QuotedSpans<'_>,
) {
    let sub = if theme.parent.is_some() { " sub" } else { "" };
    let _ = writeln!(
        out,
        "<article class=\"theme has-quotes{sub}\" id=\"theme-{}\">\n<h3><span class=\"num\">{}.</span>{}<code>{}</code></h3>",
        i + 1,
        i + 1,
        escape(&theme.label),
        escape(&theme.id)
    );
    if let Some(p) = theme.parent.as_deref().and_then(|p| index.get(p)) {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{} <a href=\"#theme-{}\">{}</a></p>",
            t("Alateema teemassa", "Subtheme of"),
            p + 1,
            escape(&result.themes[*p].label)
        );
    }
    if let Some(d) = &theme.description {
        let _ = writeln!(out, "<p>{}</p>", escape(d));
    }
    let _ = writeln!(
        out,
        "<div class=\"prev\">{}<span>{} {} ({}) · {} {} ({})</span></div>",
        bar(theme.answer_share),
        theme.answers,
        t("vastausta", "answers"),
        percent(theme.answer_share),
        theme.respondents,
        t("vastaajaa", "respondents"),
        percent(theme.respondent_share)
    );
    let words = [
        (
            &theme.distinguishing,
            t("Erottavat sanat", "Distinguishing words"),
            10,
        ),
        (&theme.parts, t("Yhdyssanojen osat", "Compound parts"), 8),
        (&theme.bigrams, t("Sanaparit", "Word pairs"), 6),
    ];
    for (list, title, n) in words {
        if !list.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"chips\"><b>{title}</b> {}</p>",
                terms(list, n)
            );
        }
    }
    if !theme.cooccurring.is_empty() {
        let links: Vec<String> = theme
            .cooccurring
            .iter()
            .take(5)
            .map(|c| match index.get(c.theme.as_str()) {
                Some(j) => format!(
                    "<a href=\"#theme-{}\">{}</a> ({}/{})",
                    j + 1,
                    escape(&result.themes[*j].label),
                    c.answers,
                    c.respondents
                ),
                None => format!("{} ({}/{})", escape(&c.theme), c.answers, c.respondents),
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"chips\"><b>{}</b> {}</p>",
            t(
                "Esiintyy yhdessä (vastauksia/vastaajia)",
                "Occurs with (answers/respondents)"
            ),
            links.join(", ")
        );
    }
    for q in &theme.quotes {
        let marks = q.ordinal.and_then(|o| spans.get(&(o, theme.id.as_str())));
        quote_html(out, q, marks);
    }
    out.push_str("</article>\n");
}

/// Background of a heat-map cell: red above expectation, blue below,
/// stronger with the size of the adjusted residual.
fn heat(residual: f64) -> String {
    if !residual.is_finite() {
        return String::new();
    }
    let a = (residual.abs() / 4.0).min(1.0) * 0.7;
    let rgb = if residual >= 0.0 {
        "214,72,58"
    } else {
        "52,116,204"
    };
    format!(" style=\"background:rgba({rgb},{a:.2})\"")
}

fn crosstab_html(out: &mut String, result: &ThemeResult, x: &CrossTab, n: usize) {
    let label = labels(result);
    let _ = writeln!(
        out,
        "<div class=\"xtab\" id=\"crosstab-{n}\"><h3>{}</h3>\n<p class=\"meta\">χ² = {:.2}, df = {}, {} · {} {}</p>",
        name(&x.column),
        x.chi_square,
        x.df,
        p_equals(x.p_value),
        t("laskettu:", "counted:"),
        name(&x.counted)
    );
    out.push_str("<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>");
    out.push_str(&t("Teema", "Theme"));
    out.push_str("</th>");
    for (c, total) in x.categories.iter().zip(&x.totals) {
        let _ = write!(
            out,
            "<th class=\"n\">{}<br><small>n = {total}</small></th>",
            name(c)
        );
    }
    out.push_str("<th class=\"n\">p</th></tr></thead>\n<tbody>\n");
    for row in &x.rows {
        let _ = write!(
            out,
            "<tr><th class=\"row\">{}</th>",
            escape(label.get(row.theme.as_str()).copied().unwrap_or(&row.theme))
        );
        for j in 0..x.categories.len() {
            let count = row.counts.get(j).copied().unwrap_or(0);
            let share = row.column_shares.get(j).copied().unwrap_or(f64::NAN);
            let r = row.residuals.get(j).copied().unwrap_or(f64::NAN);
            let (class, mark) = if r > 1.96 {
                (" class=\"sig\"", " ▲")
            } else if r < -1.96 {
                (" class=\"sig\"", " ▼")
            } else {
                ("", "")
            };
            let _ = write!(
                out,
                "<td{class}{} title=\"r = {r:.2}\">{}{mark}<small>{count}</small></td>",
                heat(r),
                percent(share)
            );
        }
        let _ = writeln!(out, "<td class=\"n\">{}</td></tr>", p_value(row.p_value));
    }
    out.push_str("</tbody></table></div></div>\n");
}

fn cooccurrence_html(out: &mut String, result: &ThemeResult) {
    let themes: Vec<&Theme> = result.themes.iter().take(30).collect();
    let max = themes
        .iter()
        .flat_map(|t| t.cooccurring.iter().map(|c| c.respondents))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    out.push_str("<div class=\"scroll\"><table class=\"co\"><thead><tr><th></th>");
    for (i, th) in themes.iter().enumerate() {
        let _ = write!(
            out,
            "<th class=\"n\" title=\"{}\">{}</th>",
            escape(&th.label),
            i + 1
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, a) in themes.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th><a href=\"#theme-{}\">{}. {}</a></th>",
            i + 1,
            i + 1,
            escape(&a.label)
        );
        for (j, b) in themes.iter().enumerate() {
            if i == j {
                let _ = write!(out, "<td class=\"diag\">{}</td>", a.respondents);
                continue;
            }
            let n = a
                .cooccurring
                .iter()
                .find(|c| c.theme == b.id)
                .map(|c| c.respondents)
                .unwrap_or(0);
            if n == 0 {
                out.push_str("<td></td>");
            } else {
                let alpha = (n as f64 / max * 0.7 * 100.0).round() / 100.0;
                let _ = write!(
                    out,
                    "<td style=\"background:rgba(47,111,208,{alpha:.2})\">{n}</td>"
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if result.themes.len() > themes.len() {
        let _ = writeln!(
            out,
            "<p class=\"legend\">{}</p>",
            t(
                &format!(
                    "Näytetään {} ensimmäistä teemaa {}:stä.",
                    themes.len(),
                    result.themes.len()
                ),
                &format!(
                    "The first {} of {} themes are shown.",
                    themes.len(),
                    result.themes.len()
                )
            )
        );
    }
}

fn overview_html(out: &mut String, result: &ThemeResult) {
    let o = &result.overview;
    out.push_str("<section id=\"overview\">\n");
    let _ = writeln!(out, "<h2>{}</h2>", t("Yleiskuva", "Overview"));
    out.push_str("<div class=\"cards\">");
    let cards = [
        (
            o.documents,
            t("vastaajaa tai haastattelua", "respondents or interviews"),
        ),
        (
            o.respondents,
            t("joilla analysoitu vastaus", "with an analysed answer"),
        ),
        (o.answers, t("analysoitua vastausta", "analysed answers")),
        (result.themes.len(), t("teemaa", "themes")),
        (
            result.unassigned.answers,
            t("ei mihinkään teemaan", "in no theme"),
        ),
    ];
    for (n, what) in cards {
        let _ = write!(out, "<div class=\"card\"><b>{n}</b>{what}</div>");
    }
    out.push_str("</div>\n");
    if o.excluded_interviewer_turns > 0 {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{} {}</p>",
            o.excluded_interviewer_turns,
            t(
                "haastattelijan puheenvuoroa jätettiin analyysin ulkopuolelle.",
                "interviewer turns were left out of the analysis."
            )
        );
    }
    if !o.questions.is_empty() {
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            t("Kysymys", "Question"),
            t("Vastauksia", "Answers")
        );
        for q in &o.questions {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
                {
                    let (fi, en) = question_fi_en(&q.question);
                    t(&escape(&fi), &escape(&en))
                },
                q.answers
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if let Some(nps) = &o.nps {
        let share = |n: usize| n as f64 / nps.responses.max(1) as f64;
        let _ = writeln!(
            out,
            "<h3>NPS</h3>\n<p class=\"meta\">{}</p>\n<div class=\"nps-figure\"><div><div class=\"nps-score\">{:+.0}</div>\
             <div>{} {} · {} {:.1} · n = {}</div>\
             <div class=\"legend\"><span class=\"sw\" style=\"background:var(--pro)\"></span> {} {} &nbsp;\
             <span class=\"sw\" style=\"background:var(--pas)\"></span> {} {} &nbsp;\
             <span class=\"sw\" style=\"background:var(--det)\"></span> {} {}</div></div>{}</div>",
            escape(&nps.column),
            nps.nps,
            t(
                "suosittelijoiden osuus − arvostelijoiden osuus:",
                "% promoters − % detractors:"
            ),
            format_args!(
                "{} − {}",
                percent(share(nps.promoters)),
                percent(share(nps.detractors))
            ),
            t("keskiarvo", "mean"),
            nps.mean,
            nps.responses,
            name("promoter"),
            nps.promoters,
            name("passive"),
            nps.passives,
            name("detractor"),
            nps.detractors,
            nps_chart(nps)
        );
    }
    out.push_str("</section>\n");
}

fn themes_html(out: &mut String, result: &ThemeResult) {
    out.push_str("<section id=\"themes\">\n");
    let _ = writeln!(out, "<h2>{}</h2>", t("Teemat", "Themes"));
    if result.themes.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            t(
                "Aineistosta ei löytynyt teemoja.",
                "No themes were found in the data."
            )
        );
        out.push_str("</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">%</th><th class=\"n\">{}</th><th class=\"n\">%</th></tr></thead><tbody>",
        t("Teema", "Theme"),
        t("Osuus vastauksista", "Share of answers"),
        t("Vastauksia", "Answers"),
        t("Vastaajia", "Respondents")
    );
    for (i, th) in result.themes.iter().enumerate() {
        let indent = if th.parent.is_some() { "↳ " } else { "" };
        let _ = writeln!(
            out,
            "<tr><td>{indent}<a href=\"#theme-{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            escape(&th.label),
            bar(th.answer_share),
            th.answers,
            percent(th.answer_share),
            th.respondents,
            percent(th.respondent_share)
        );
    }
    out.push_str("</tbody></table></div>\n");
    let spans = result.quoted_spans();
    // Theme id -> position, made once for every theme's links.
    let index = result.positions();
    for (i, th) in result.themes.iter().enumerate() {
        theme_html(out, result, (i, th), &index, &spans);
    }
    out.push_str("</section>\n");
}

fn run_html(out: &mut String, result: &ThemeResult) {
    let p = &result.params;
    let method = match p.method {
        Method::Codebook => t("koodikirja", "codebook"),
        Method::Discovery => t("teemojen haku aineistosta", "theme discovery"),
    };
    let k_req = match p.k_requested {
        Some(k) => k.to_string(),
        None => t("automaattinen", "automatic"),
    };
    let mut rows = vec![
        (
            t("Aineisto", "Data"),
            p.sources
                .iter()
                .map(|s| escape(&s.display().to_string()))
                .collect::<Vec<_>>()
                .join("<br>"),
        ),
        (
            t("Menetelmä", "Method"),
            format!(
                "{method} ({})",
                if p.algorithm_fi.is_empty() {
                    escape(&p.algorithm)
                } else {
                    t(&escape(&p.algorithm_fi), &escape(&p.algorithm))
                }
            ),
        ),
        (
            t("Teemoja", "Themes"),
            format!("{} ({} {k_req})", p.k, t("pyydetty:", "asked:")),
        ),
        (
            t("Koodikirja", "Codebook"),
            p.codebook
                .as_ref()
                .map(|c| escape(&c.display().to_string()))
                .unwrap_or_else(|| "–".into()),
        ),
        (t("Siemen", "Seed"), p.seed.to_string()),
        (
            t("Ristiintaulukoitu", "Cross-tabulated by"),
            if p.by.is_empty() {
                "–".into()
            } else {
                p.by.iter()
                    .map(|b| escape(b))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            t("Haastattelijan puheenvuorot", "Interviewer turns"),
            if p.include_interviewer {
                t("mukana", "included")
            } else {
                t("pois", "left out")
            },
        ),
        (t("Lemmatisoija", "Lemmatiser"), escape(&p.lemmatizer)),
        (
            t("Pseudonymisointi", "Pseudonymisation"),
            match p.pseudonymised.as_deref() {
                None => t("ei tehty", "not done"),
                Some(counts) => escape(
                    &counts
                        .iter()
                        .map(|c| format!("{} × [{} n]", c.replaced, c.label))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            },
        ),
        ("teema".to_string(), escape(&p.teema_version)),
    ];
    if let Some(r) = &p.refine {
        // One line per refinement applied, after the file and its hash.
        let mut lines = vec![format!(
            "{} (SHA-256 {})",
            escape(&r.path.display().to_string()),
            escape(&r.sha256)
        )];
        lines.extend(r.applied.iter().map(|a| escape(a)));
        rows.insert(4, (t("Tarkennukset", "Refinements"), lines.join("<br>")));
    }
    out.push_str("<footer class=\"run\"><h2>");
    out.push_str(&t("Ajon tiedot", "About this run"));
    out.push_str("</h2><dl>\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<dt>{k}</dt><dd>{v}</dd>");
    }
    out.push_str("</dl></footer>\n");
}

/// report.html: the whole page.
pub fn render(result: &ThemeResult) -> String {
    let mut out = String::with_capacity(64 * 1024);
    // The title names the data: the first input file, and how many more.
    let data = match result.params.sources.as_slice() {
        [] => String::new(),
        [first, rest @ ..] => {
            let name = first
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let more = if rest.is_empty() {
                String::new()
            } else {
                format!(" +{}", rest.len())
            };
            escape(&format!(" – {name}{more}"))
        }
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fi\" class=\"lang-fi\" data-title-fi=\"Teemaraportti{data}\" data-title-en=\"Theme report{data}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"teema\">\n<title>Teemaraportti{data}</title>\n<style>\n",
    );
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>");
    out.push_str(&t("Teemaraportti", "Theme report"));
    out.push_str("</h1>\n<div class=\"controls\">\n");
    let _ = writeln!(
        out,
        "<input type=\"search\" id=\"filter\" placeholder=\"Suodata lainauksia…\" data-placeholder-fi=\"Suodata lainauksia…\" data-placeholder-en=\"Filter quotes…\" aria-label=\"Suodata lainauksia / Filter quotes\">\n\
         <span id=\"filter-status\" hidden>{}: <span class=\"filter-shown\">0</span> / <span class=\"filter-total\">0</span></span>\n\
         <div class=\"lang\" role=\"group\" aria-label=\"Kieli / Language\"><button type=\"button\" data-lang=\"fi\" aria-pressed=\"true\">Suomeksi</button> <button type=\"button\" data-lang=\"en\" aria-pressed=\"false\">English</button></div>",
        t("lainauksia", "quotes")
    );
    out.push_str("</div>\n</header>\n");
    let _ = writeln!(
        out,
        "<nav class=\"toc\"><a href=\"#overview\">{}</a><a href=\"#themes\">{}</a><a href=\"#crosstabs\">{}</a><a href=\"#cooccurrence\">{}</a><a href=\"#unassigned\">{}</a></nav>",
        t("Yleiskuva", "Overview"),
        t("Teemat", "Themes"),
        t("Ristiintaulukot", "Cross-tabs"),
        t("Yhteisesiintyminen", "Co-occurrence"),
        t("Luokittelemattomat", "Unassigned")
    );
    overview_html(&mut out, result);
    themes_html(&mut out, result);

    out.push_str("<section id=\"crosstabs\">\n");
    let _ = writeln!(out, "<h2>{}</h2>", t("Ristiintaulukot", "Cross-tabs"));
    if result.crosstabs.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            t(
                "Ei ristiintaulukoitavia sarakkeita.",
                "No columns to cross-tabulate."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"legend\">{}</p>",
            t(
                "Solussa: kuinka suuri osuus luokasta nostaa teeman esiin (ja lukumäärä). \
                 Punainen = enemmän, sininen = vähemmän kuin riippumattomuudessa odotettaisiin. \
                 Reunustetut solut ▲▼ ovat merkitseviä (korjattu standardoitu jäännös |r| &gt; 1,96, p &lt; 0,05).",
                "Cell: the share of the category that raises the theme (and the count). \
                 Red = more, blue = less than expected under independence. \
                 Outlined cells ▲▼ are significant (adjusted standardised residual |r| &gt; 1.96, p &lt; 0.05)."
            )
        );
        for (i, x) in result.crosstabs.iter().enumerate() {
            crosstab_html(&mut out, result, x, i + 1);
        }
    }
    out.push_str("</section>\n<section id=\"cooccurrence\">\n");
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<p class=\"legend\">{}</p>",
        t("Teemojen yhteisesiintyminen", "Theme co-occurrence"),
        t(
            "Vastaajia, joiden vastauksissa molemmat teemat esiintyvät; lävistäjällä teeman kaikki vastaajat.",
            "Respondents whose answers raise both themes; the diagonal holds each theme's respondents."
        )
    );
    if result.themes.is_empty() {
        out.push_str("<p>–</p>\n");
    } else {
        cooccurrence_html(&mut out, result);
    }
    out.push_str("</section>\n<section id=\"unassigned\" class=\"has-quotes\">\n");
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<p>{} {} ({}).</p>",
        t("Vastaukset ilman teemaa", "Answers in no theme"),
        result.unassigned.answers,
        t(
            "vastausta ei sopinut mihinkään teemaan",
            "answers fit no theme"
        ),
        percent(result.unassigned.share)
    );
    for q in &result.unassigned.examples {
        quote_html(&mut out, q, None);
    }
    out.push_str("</section>\n");
    super::agreement::html(&mut out, result);
    run_html(&mut out, result);
    out.push_str("<script>\n");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_coded_spans_and_escapes_around_them() {
        let text = "Aukioloajat <b> ovat liian lyhyet";
        let marks = vec![(0, 11, "Aukioloajat")];
        assert_eq!(
            highlighted(text, Some(&marks)),
            "<mark>Aukioloajat</mark> &lt;b&gt; ovat liian lyhyet"
        );
        // A span over the whole answer (discovery) is not marked.
        let whole = vec![(0, text.len(), text)];
        assert!(!highlighted(text, Some(&whole)).contains("<mark>"));
        // Offsets inside a character are skipped, not a panic.
        let bad = vec![(1, 2, "")];
        assert_eq!(highlighted("ää", Some(&bad)), "ää");
        // A span whose text differs (another document with the same id) is not marked.
        let other = vec![(0, 4, "Ovet")];
        assert!(!highlighted(text, Some(&other)).contains("<mark>"));
    }

    #[test]
    fn heat_colour_follows_the_residual() {
        assert!(heat(3.0).contains("214,72,58"));
        assert!(heat(-3.0).contains("52,116,204"));
        assert_eq!(heat(f64::NAN), "");
    }
}
