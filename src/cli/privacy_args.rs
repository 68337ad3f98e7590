//! Pseudonymisation flags that `teema index` and `teema analyze` flatten
//! (`--no-pseudonymise`, `--names FILE`, `--key-out FILE`,
//! `--pseudonymise-kinds LIST`), and the one call they make right after
//! reading the inputs: [`PrivacyArgs::apply`].

use clap::Args;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use teema::Result;
use teema::corpus::Corpus;
use teema::privacy::{Kind, NameList, PrivacyOptions, PrivacySummary, pseudonymise_corpus};
use teema::text::Analyzer;

/// Pseudonymisation of identity codes, phone numbers, emails and IBANs is
/// on by default; these flags change what is replaced.
#[derive(Debug, Clone, Default, Args)]
pub struct PrivacyArgs {
    /// Do not pseudonymise: identity codes, phone numbers, emails and IBANs
    /// then reach the index and the reports as written.
    #[arg(long, alias = "no-pseudonymize")]
    pub no_pseudonymise: bool,
    /// Also pseudonymise the people listed in FILE (UTF-8, one person a
    /// line, e.g. `Matti Virtanen`), in any inflected form.
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// Write the key from codes back to the originals to FILE (it is never
    /// written anywhere else; keep it apart from the data).
    #[arg(long, value_name = "FILE")]
    pub key_out: Option<PathBuf>,
    /// What to pseudonymise, comma-separated: hetu, phone, email, iban,
    /// address, names, or all (default: hetu,phone,email,iban, plus names
    /// with --names).
    #[arg(long = "pseudonymise-kinds", value_name = "LIST", value_parser = parse_kinds)]
    pub kinds: Option<KindList>,
}

/// A list of kinds from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindList(pub Vec<Kind>);

/// Parse `hetu,phone,…` or `all`.
pub fn parse_kinds(s: &str) -> std::result::Result<KindList, String> {
    let mut kinds = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part.eq_ignore_ascii_case("all") {
            kinds.extend(Kind::ALL);
            continue;
        }
        match Kind::parse(part) {
            Some(k) => kinds.push(k),
            None => {
                return Err(format!(
                    "'{part}' is not a kind; give some of hetu, phone, email, iban, address, names, or all"
                ));
            }
        }
    }
    if kinds.is_empty() {
        return Err(
            "give at least one kind: hetu, phone, email, iban, address, names, or all".into(),
        );
    }
    kinds.sort();
    kinds.dedup();
    Ok(KindList(kinds))
}

/// Options from `--names` and a kinds list (checked: names need a list,
/// a list needs names among the kinds).
pub fn build_options(
    names: Option<&Path>,
    kinds: Option<&KindList>,
    kinds_flag: &str,
) -> Result<PrivacyOptions> {
    let list = names.map(NameList::from_file).transpose()?;
    let kinds = match kinds {
        Some(KindList(k)) => {
            if k.contains(&Kind::Name) && list.is_none() && k.len() < Kind::ALL.len() {
                return Err(teema::Error::Usage(format!(
                    "{kinds_flag} names needs --names FILE with the names to look for"
                )));
            }
            if list.is_some() && !k.contains(&Kind::Name) {
                return Err(teema::Error::Usage(format!(
                    "--names is given but {kinds_flag} leaves names out; add names to the list"
                )));
            }
            k.clone()
        }
        None => {
            let mut k = Kind::DEFAULT.to_vec();
            if list.is_some() {
                k.insert(0, Kind::Name);
            }
            k
        }
    };
    let kinds = kinds
        .into_iter()
        .filter(|&k| k != Kind::Name || list.is_some())
        .collect();
    Ok(PrivacyOptions { kinds, names: list })
}

/// The line that says whether and where the key was written.
pub fn write_key(report: &teema::privacy::PrivacyReport, key_out: Option<&Path>) -> Result<String> {
    Ok(match key_out {
        Some(path) => {
            report.key.write(path)?;
            format!(
                "key: {} codes written to {} (keep it apart from the data)",
                report.key.len(),
                path.display()
            )
        }
        None => "key: not written (give --key-out FILE to keep one; without it codes cannot be traced back)".into(),
    })
}

impl PrivacyArgs {
    /// The checked options; `None` with `--no-pseudonymise`.
    pub fn options(&self) -> Result<Option<PrivacyOptions>> {
        if self.no_pseudonymise {
            let also = [
                (self.names.is_some(), "--names"),
                (self.key_out.is_some(), "--key-out"),
                (self.kinds.is_some(), "--pseudonymise-kinds"),
            ];
            if let Some((_, flag)) = also.iter().find(|(given, _)| *given) {
                return Err(teema::Error::Usage(format!(
                    "--no-pseudonymise and {flag} do not go together: leave one out"
                )));
            }
            return Ok(None);
        }
        build_options(
            self.names.as_deref(),
            self.kinds.as_ref(),
            "--pseudonymise-kinds",
        )
        .map(Some)
    }

    /// Check `--key-out` against `dir` (an index or report directory that
    /// gets shared): see [`check_key_out`].
    pub fn check_key_out(&self, dir: &Path) -> Result<()> {
        check_key_out(self.key_out.as_deref(), dir)
    }

    /// Pseudonymise `corpus` as `teema index` and `teema analyze` do right
    /// after reading it: warn when turned off; otherwise replace, write the
    /// key when asked, and say on stderr what was replaced. The summary is
    /// for the manifest and the report.
    pub fn apply(&self, corpus: &mut Corpus, analyzer: &Analyzer) -> Result<PrivacySummary> {
        let mut err = std::io::stderr().lock();
        let Some(options) = self.options()? else {
            let _ = writeln!(
                err,
                "warning: --no-pseudonymise: identity codes, phone numbers, emails and IBANs are kept as written in the index and reports"
            );
            return Ok(PrivacySummary::off());
        };
        let report = pseudonymise_corpus(corpus, &options, analyzer)?;
        let key = write_key(&report, self.key_out.as_deref())?;
        let _ = writeln!(err, "{}", report.summary);
        let _ = writeln!(err, "{key}");
        Ok(report.summary)
    }
}

/// The first line of every key teema writes: how an existing key file is
/// recognised as teema's (and so may be replaced by a new key).
const KEY_HEADER: &[u8] = b"code\tkind\toriginal\n";

/// Check `--key-out` before anything is read or written: the key goes
/// outside `dir` (the index or report directory, which gets shared), also
/// when either is reached through a link, and to a new file or over a key
/// teema wrote earlier, never over any other file (an input, a report).
pub fn check_key_out(key_out: Option<&Path>, dir: &Path) -> Result<()> {
    let Some(key) = key_out else {
        return Ok(());
    };
    let (abs_key, abs_dir) = (teema::output::resolved(key), teema::output::resolved(dir));
    if abs_key.starts_with(&abs_dir) {
        return Err(teema::Error::Usage(format!(
            "--key-out {} is inside {}: the key must be kept apart from the pseudonymised data; write it elsewhere",
            key.display(),
            dir.display()
        )));
    }
    let meta = match std::fs::metadata(key) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(teema::Error::io(key, e)),
        Ok(m) => m,
    };
    let is_key = meta.is_file() && {
        use std::io::Read as _;
        let mut head = Vec::with_capacity(KEY_HEADER.len());
        std::fs::File::open(key)
            .and_then(|f| f.take(KEY_HEADER.len() as u64).read_to_end(&mut head))
            .is_ok()
            && head == KEY_HEADER
    };
    if !is_key {
        return Err(teema::Error::Refused {
            path: key.to_path_buf(),
            message: "exists and is not a key teema wrote; --key-out replaces only an earlier \
                      key: give a new file name, or move the file away"
                .into(),
            remedy: None,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_with_all_and_errors() {
        assert_eq!(
            parse_kinds("phone, hetu").unwrap(),
            KindList(vec![Kind::Hetu, Kind::Phone])
        );
        assert_eq!(parse_kinds("all").unwrap().0, Kind::ALL.to_vec());
        assert!(
            parse_kinds("hetu,puhelinluettelo")
                .unwrap_err()
                .contains("'puhelinluettelo'")
        );
    }

    #[test]
    fn conflicting_flags_are_usage_errors() {
        let a = PrivacyArgs {
            no_pseudonymise: true,
            key_out: Some("k.tsv".into()),
            ..PrivacyArgs::default()
        };
        assert!(a.options().unwrap_err().to_string().contains("--key-out"));
        let a = PrivacyArgs {
            kinds: Some(KindList(vec![Kind::Name])),
            ..PrivacyArgs::default()
        };
        assert!(a.options().unwrap_err().to_string().contains("--names"));
        let d = PrivacyArgs::default().options().unwrap().unwrap();
        assert_eq!(d.kinds, Kind::DEFAULT.to_vec());
    }

    #[test]
    fn key_inside_the_output_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let inside = out.join("key.tsv");
        assert!(check_key_out(Some(&inside), &out).is_err());
        assert!(check_key_out(Some(&dir.path().join("key.tsv")), &out).is_ok());
        assert!(check_key_out(None, &out).is_ok());
    }

    #[test]
    fn the_key_replaces_only_an_earlier_key() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let survey = dir.path().join("kysely.csv");
        std::fs::write(&survey, "id;vastaus\n1;Hyvä palvelu\n").unwrap();
        let err = check_key_out(Some(&survey), &out).unwrap_err().to_string();
        assert!(
            err.contains("kysely.csv") && err.contains("not a key"),
            "{err}"
        );
        let key = dir.path().join("avain.tsv");
        std::fs::write(&key, "code\tkind\toriginal\n[HETU 1]\thetu\tx\n").unwrap();
        assert!(check_key_out(Some(&key), &out).is_ok());
        assert!(
            check_key_out(Some(dir.path()), &out).is_err(),
            "a directory"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_directory_does_not_hide_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(check_key_out(Some(&real.join("key.tsv")), &link).is_err());
        assert!(check_key_out(Some(&link.join("key.tsv")), &real).is_err());
        assert!(check_key_out(Some(&link.join("sub/key.tsv")), &real).is_err());
    }
}
