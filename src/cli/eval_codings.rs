//! `teema eval codings A B`: agreement between two codings of the same
//! answers (a human coder and teema, or two humans), A the reference. The
//! computation and its choices are in [`teema::eval::codings`].

use super::Globals;
use clap::Args;
use std::collections::BTreeMap;
use std::path::PathBuf;
use teema::Result;
use teema::eval::codings::{
    CodingAgreement, CompareConfig, Overall, compare, read_coding, read_map, read_refi, read_units,
};

/// Arguments of `teema eval codings`.
#[derive(Debug, Args)]
#[command(after_help = "\
A and B may each be a teema analysis directory (its codings.csv), a codings.csv \
as teema writes it, or a human coding table with the header respondent,question,theme \
(one row per code; a unit coded with no theme has an empty theme or -), or a REFI-QDA \
project (.qdpx) from teema, QualCoder, NVivo, ATLAS.ti or MAXQDA: each plain-text \
source is an answer of its case (the respondent), coded with the codes of its \
selections (--a-user/--b-user: one coder's only).

A unit is an answer (respondent, question). Codes match by name, trimmed and \
case-insensitive. Units scored: those of --units, else those of the human tables \
(they list every unit their coder saw), else those of the REFI-QDA projects \
(every answer they hold), else all units either file mentions. \
The codes scored are those A uses (one B never gives scores F1 0); codes only B \
uses are listed, not scored. Overall κ and α pool all (unit, code) decisions of \
the codes scored.")]
pub struct EvalCodingsArgs {
    /// The reference coding (e.g. a human coder).
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The coding scored against A (e.g. teema's analysis directory).
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// CSV `a,b`: a code of A and the code of B it corresponds to.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// A as one user's codings only (a REFI-QDA project A coded by several).
    #[arg(long, value_name = "USER")]
    pub a_user: Option<String>,
    /// B as one user's codings only (a REFI-QDA project B coded by several).
    #[arg(long, value_name = "USER")]
    pub b_user: Option<String>,
    /// Score all units of this file: a survey teema reads (its open
    /// answers) or a table with respondent and question columns.
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,
    /// Bootstrap resamples for the 95 % intervals (0: none).
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Run `teema eval codings`.
pub fn run(args: EvalCodingsArgs, _globals: Globals) -> Result<u8> {
    let map = match &args.map {
        Some(p) => read_map(p)?,
        None => BTreeMap::new(),
    };
    let a = read(
        &args.a,
        &BTreeMap::new(),
        args.a_user.as_deref(),
        "--a-user",
    )?;
    let b = read(&args.b, &map, args.b_user.as_deref(), "--b-user")?;
    let units = match &args.units {
        Some(p) => Some((p.as_path(), read_units(p)?)),
        None => None,
    };
    let config = CompareConfig {
        resamples: args.resamples,
        seed: args.seed,
    };
    let result = compare(&a, &b, units, &config)?;
    let text = if args.json {
        let mut t = serde_json::to_string_pretty(&result)?;
        t.push('\n');
        t
    } else {
        render(&result)
    };
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}

/// Read a coding; `user` (given by `flag`) only for a REFI-QDA project.
fn read(
    path: &std::path::Path,
    map: &BTreeMap<String, String>,
    user: Option<&str>,
    flag: &str,
) -> Result<teema::eval::codings::Coding> {
    let is_project = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"));
    match user {
        None => read_coding(path, map),
        Some(u) if is_project => read_refi(path, map, Some(u)),
        Some(_) => Err(teema::Error::Usage(format!(
            "{flag} chooses a coder of a REFI-QDA project, and {} is not one (.qdpx)",
            path.display()
        ))),
    }
}

/// A figure to three decimals, `-` when undefined.
fn f(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |x| format!("{x:.3}"))
}

/// An interval, or nothing.
fn ci(x: Option<[f64; 2]>) -> String {
    x.map_or(String::new(), |[l, h]| format!(" [{l:.3}, {h:.3}]"))
}

/// The result as text.
fn render(r: &CodingAgreement) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    for (name, c) in [("A", &r.a), ("B", &r.b)] {
        let _ = writeln!(
            t,
            "{name} {}: {} units coded, {} codes{}",
            c.path.display(),
            c.units_coded,
            c.codes,
            if c.units_left_out > 0 {
                format!(
                    " ({} coded units outside the units scored, left out)",
                    c.units_left_out
                )
            } else {
                String::new()
            }
        );
    }
    let overall = |t: &mut String, name: &str, o: &Overall| {
        let _ = writeln!(
            t,
            "{name:<22} {:>5} units  mean F1 {}{}  κ {}{}  α {}{}",
            o.units,
            f(o.mean_f1),
            ci(o.mean_f1_ci),
            f(o.pooled.kappa),
            ci(o.kappa_ci),
            f(o.pooled.alpha),
            ci(o.alpha_ci)
        );
    };
    let _ = writeln!(
        t,
        "\noverall (κ, α pooled over unit × code; 95 % bootstrap, {} resamples, seed {})",
        r.resamples, r.seed
    );
    overall(&mut t, "all units", &r.all);
    overall(&mut t, "units coded by either", &r.coded);
    let _ = writeln!(
        t,
        "\nper code (B against A)            A     B  both     P      R     F1    κ all  α all  κ coded α coded"
    );
    for c in &r.codes {
        let n = &c.all.counts;
        let _ = writeln!(
            t,
            "  {:<28} {:>5} {:>5} {:>5}  {:>5}  {:>5}  {:>5}  {:>6} {:>6}  {:>6}  {:>6}",
            c.code,
            n.both + n.only_a,
            n.both + n.only_b,
            n.both,
            f(c.all.precision),
            f(c.all.recall),
            f(c.all.f1),
            f(c.all.kappa),
            f(c.all.alpha),
            f(c.coded.kappa),
            f(c.coded.alpha)
        );
    }
    if !r.not_in_b.is_empty() {
        let _ = writeln!(t, "never given by B (F1 0): {}", r.not_in_b.join(", "));
    }
    if !r.only_in_b.is_empty() {
        let _ = writeln!(t, "only in B (not scored): {}", r.only_in_b.join(", "));
    }
    t
}
