//! The agreement section of report.html and report.md (`teema analyze
//! --gold`): how well the themes agree with a reference coding, per theme
//! (precision, recall, F1, Cohen's κ, Krippendorff's α) and overall, on all
//! units and on the units either coder coded, with the bootstrap 95 %
//! intervals of [`crate::eval::codings`]. When no code of the reference
//! matches a theme, the section says so instead of a table of zeros.

use crate::escape::html as html_escape;
use crate::escape::markdown as md_escape;
use crate::themes::ThemeResult;
use crate::themes::agreement::{CodingAgreement, Overall};
use std::fmt::Write as _;

/// A figure to three decimals (decimal comma in Finnish), `–` when undefined.
fn fig(x: Option<f64>, fi: bool) -> String {
    match x {
        Some(x) if fi => format!("{x:.3}").replace('.', ","),
        Some(x) => format!("{x:.3}"),
        None => "–".to_string(),
    }
}

/// A figure with its interval.
fn with_ci(x: Option<f64>, ci: Option<[f64; 2]>, fi: bool) -> String {
    match ci {
        Some([l, h]) => format!(
            "{} [{}; {}]",
            fig(x, fi),
            fig(Some(l), fi),
            fig(Some(h), fi)
        ),
        None => fig(x, fi),
    }
}

/// True when at least one code of the reference is a theme of the result.
fn any_match(a: &CodingAgreement) -> bool {
    a.codes.len() > a.not_in_b.len()
}

/// The section in Markdown (Finnish, as the rest of report.md), appended to `out`.
pub(crate) fn markdown(out: &mut String, result: &ThemeResult) {
    let Some(a) = &result.agreement else {
        return;
    };
    out.push_str("## Yhtäpitävyys vertailukoodauksen kanssa\n\n");
    let _ = writeln!(
        out,
        "Vertailukoodaus (A): {}, {} koodattua yksikköä, {} koodia. teema (B): {} koodattua yksikköä, {} teemaa. \
         Yksikkö on vastaus (vastaaja, kysymys). 95 %:n luottamusvälit bootstrap-menetelmällä ({} toistoa, siemen {}).\n",
        crate::escape::markdown_code(&a.a.path.display().to_string()),
        a.a.units_coded,
        a.a.codes,
        a.b.units_coded,
        a.b.codes,
        a.resamples,
        a.seed
    );
    if !any_match(a) {
        let _ = writeln!(
            out,
            "**Yksikään vertailukoodauksen koodi ei vastaa nimeltään tämän analyysin teemaa**, joten yhtäpitävyyttä ei voi laskea. \
             Anna vastaavuudet tiedostolla `--gold-map` (CSV `a,b`: vertailukoodi, teeman nimi tai tunnus, esim. `t3`).\n"
        );
        let _ = writeln!(
            out,
            "- Vertailukoodit: {}",
            md_escape(&a.not_in_b.join("; "))
        );
        let _ = writeln!(out, "- Teemat: {}\n", md_escape(&a.only_in_b.join("; ")));
        return;
    }
    out.push_str("| Yksiköt | n | F1 (keskiarvo) | κ | α |\n|---|---:|---:|---:|---:|\n");
    for (name, o) in [("Kaikki", &a.all), ("Jommankumman koodaamat", &a.coded)] {
        overall_md(out, name, o);
    }
    out.push_str(
        "\n| Koodi | A | B | Molemmat | Tarkkuus | Saanti | F1 | κ | α | κ (koodatut) | α (koodatut) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for c in &a.codes {
        let n = &c.all.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md_escape(&c.code),
            n.both + n.only_a,
            n.both + n.only_b,
            n.both,
            fig(c.all.precision, true),
            fig(c.all.recall, true),
            fig(c.all.f1, true),
            fig(c.all.kappa, true),
            fig(c.all.alpha, true),
            fig(c.coded.kappa, true),
            fig(c.coded.alpha, true)
        );
    }
    out.push('\n');
    if !a.not_in_b.is_empty() {
        let _ = writeln!(
            out,
            "Vertailukoodit, joita mikään teema ei vastaa (F1 0): {}.\n",
            md_escape(&a.not_in_b.join("; "))
        );
    }
    if !a.only_in_b.is_empty() {
        let _ = writeln!(
            out,
            "Teemat, joilla ei ole vastinetta vertailukoodauksessa (ei mukana luvuissa): {}.\n",
            md_escape(&a.only_in_b.join("; "))
        );
    }
}

fn overall_md(out: &mut String, name: &str, o: &Overall) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} | {} |",
        o.units,
        with_ci(o.mean_f1, o.mean_f1_ci, true),
        with_ci(o.pooled.kappa, o.kappa_ci, true),
        with_ci(o.pooled.alpha, o.alpha_ci, true)
    );
}

/// Text in both languages (the report's language switch shows one).
fn t(fi: &str, en: &str) -> String {
    format!("<span class=\"fi\">{fi}</span><span class=\"en\">{en}</span>")
}

/// A figure in both languages.
fn num(x: Option<f64>) -> String {
    t(&fig(x, true), &fig(x, false))
}

/// The section in HTML, appended to `out`.
pub(crate) fn html(out: &mut String, result: &ThemeResult) {
    let Some(a) = &result.agreement else {
        return;
    };
    out.push_str("<section id=\"agreement\">\n");
    let _ = writeln!(
        out,
        "<h2>{}</h2>",
        t(
            "Yhtäpitävyys vertailukoodauksen kanssa",
            "Agreement with the reference coding"
        )
    );
    let path = html_escape(&a.a.path.display().to_string());
    let _ = writeln!(
        out,
        "<p>{}</p>",
        t(
            &format!(
                "Vertailukoodaus (A): <code>{path}</code>, {} koodattua yksikköä, {} koodia. teema (B): {} koodattua yksikköä, {} teemaa. \
                 Yksikkö on vastaus (vastaaja, kysymys). 95 %:n luottamusvälit bootstrap-menetelmällä ({} toistoa, siemen {}).",
                a.a.units_coded, a.a.codes, a.b.units_coded, a.b.codes, a.resamples, a.seed
            ),
            &format!(
                "Reference coding (A): <code>{path}</code>, {} units coded, {} codes. teema (B): {} units coded, {} themes. \
                 A unit is an answer (respondent, question). 95 % bootstrap intervals ({} resamples, seed {}).",
                a.a.units_coded, a.a.codes, a.b.units_coded, a.b.codes, a.resamples, a.seed
            )
        )
    );
    let list = |v: &[String]| html_escape(&v.join("; "));
    if !any_match(a) {
        let _ = writeln!(
            out,
            "<p class=\"warning\"><strong>{}</strong></p>\n<ul><li>{}: {}</li><li>{}: {}</li></ul>\n</section>",
            t(
                "Yksikään vertailukoodauksen koodi ei vastaa nimeltään tämän analyysin teemaa, joten yhtäpitävyyttä ei voi laskea. \
                 Anna vastaavuudet tiedostolla --gold-map (CSV a,b: vertailukoodi, teeman nimi tai tunnus, esim. t3).",
                "No code of the reference coding matches a theme of this analysis by name, so agreement cannot be measured. \
                 Give the correspondences with --gold-map (CSV a,b: reference code, theme label or id, e.g. t3)."
            ),
            t("Vertailukoodit", "Reference codes"),
            list(&a.not_in_b),
            t("Teemat", "Themes"),
            list(&a.only_in_b)
        );
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"n\">n</th><th class=\"n\">{}</th><th class=\"n\">κ</th><th class=\"n\">α</th></tr></thead><tbody>",
        t("Yksiköt", "Units"),
        t("F1 (keskiarvo)", "mean F1")
    );
    for (name, o) in [
        (t("Kaikki", "All"), &a.all),
        (t("Jommankumman koodaamat", "Coded by either"), &a.coded),
    ] {
        let ci =
            |x: Option<f64>, c: Option<[f64; 2]>| t(&with_ci(x, c, true), &with_ci(x, c, false));
        let _ = writeln!(
            out,
            "<tr><th class=\"row\">{name}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            o.units,
            ci(o.mean_f1, o.mean_f1_ci),
            ci(o.pooled.kappa, o.kappa_ci),
            ci(o.pooled.alpha, o.alpha_ci)
        );
    }
    out.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">F1</th><th class=\"n\">κ</th><th class=\"n\">α</th><th class=\"n\">κ {}</th><th class=\"n\">α {}</th></tr></thead><tbody>",
        t("Koodi", "Code"),
        t("Molemmat", "Both"),
        t("Tarkkuus", "Precision"),
        t("Saanti", "Recall"),
        t("(koodatut)", "(coded)"),
        t("(koodatut)", "(coded)")
    );
    for c in &a.codes {
        let n = &c.all.counts;
        let _ = writeln!(
            out,
            "<tr><th class=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            html_escape(&c.code),
            n.both + n.only_a,
            n.both + n.only_b,
            n.both,
            num(c.all.precision),
            num(c.all.recall),
            num(c.all.f1),
            num(c.all.kappa),
            num(c.all.alpha),
            num(c.coded.kappa),
            num(c.coded.alpha)
        );
    }
    out.push_str("</tbody></table></div>\n");
    if !a.not_in_b.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}: {}.</p>",
            t(
                "Vertailukoodit, joita mikään teema ei vastaa (F1 0)",
                "Reference codes no theme matches (F1 0)"
            ),
            list(&a.not_in_b)
        );
    }
    if !a.only_in_b.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}: {}.</p>",
            t(
                "Teemat, joilla ei ole vastinetta vertailukoodauksessa (ei mukana luvuissa)",
                "Themes without a counterpart in the reference coding (not scored)"
            ),
            list(&a.only_in_b)
        );
    }
    out.push_str("</section>\n");
}
