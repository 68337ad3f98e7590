//! `teema lexicon`: the built-in lemmatiser's distilled form lexicon, for
//! developers of teema. `build` reads real Finnish text with teema's
//! readers, tokenises it with teema's tokeniser, counts word forms and
//! writes the most frequent ones with the lemma and compound parts teema's
//! Voikko analysis gives them (the file `src/text/builtin/forms.lex` is
//! embedded in the binary). `info` shows how the embedded one was made.
//!
//! Only word forms and their analyses are stored, never text.

use super::Globals;
use clap::{Args, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use teema::corpus::{ReadOptions, is_supported, read_paths};
use teema::text::Analyzer;
use teema::text::builtin::distil::{DistilConfig, Distilled, distil};
use teema::text::builtin::forms::Forms;
use teema::{Error, Result};

/// Arguments of `teema lexicon`.
#[derive(Debug, Args)]
pub struct LexiconArgs {
    /// What to do.
    #[command(subcommand)]
    pub what: LexiconCommand,
}

/// What `teema lexicon` does.
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Distil a form lexicon from text with Voikko (needs Voikko).
    Build(BuildArgs),
    /// Show how the embedded form lexicon was made and its size.
    Info,
}

/// Arguments of `teema lexicon build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files or directories of Finnish text: what teema reads (CSV/TSV,
    /// XLSX, JSONL, TXT, …) and XML (every element's text).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The lexicon file to write (e.g. src/text/builtin/forms.lex).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Column of a table to read as text (repeatable).
    #[arg(long = "text-col", value_name = "COLUMN")]
    pub text_cols: Vec<String>,
    /// Keep at most this many forms (the most frequent ones Voikko knows).
    #[arg(long, value_name = "N", default_value_t = 200_000,
          value_parser = super::between(1usize, 100_000_000))]
    pub forms: usize,
    /// Also write the lemmas' commonness table of the same text (e.g.
    /// src/text/commonness.txt: how common each lemma is in general
    /// Finnish, which discovery weighs words by).
    #[arg(long, value_name = "FILE")]
    pub commonness: Option<PathBuf>,
    /// Skip forms seen fewer times than this.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = super::between(1u64, 1_000_000_000))]
    pub min_count: u64,
}

/// Run `teema lexicon`.
pub fn run(args: LexiconArgs, globals: Globals) -> Result<u8> {
    match args.what {
        LexiconCommand::Build(a) => build(a, globals),
        LexiconCommand::Info => info(),
    }
}

fn info() -> Result<u8> {
    let mut s = String::new();
    for line in teema::text::builtin::embedded_forms_header() {
        s.push_str(&line);
        s.push('\n');
    }
    s.push_str(&format!(
        "forms: {}\n",
        teema::text::builtin::embedded_forms().len()
    ));
    std::io::stdout()
        .lock()
        .write_all(s.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}

/// Input files split by how they are read.
#[derive(Debug, Default)]
struct Inputs {
    readable: Vec<PathBuf>,
    xml: Vec<PathBuf>,
    skipped: usize,
}

fn is_xml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

fn collect(path: &Path, inputs: &mut Inputs, named: bool) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(path, err)))
            .collect::<Result<_>>()?;
        entries.sort();
        for p in entries {
            collect(&p, inputs, false)?;
        }
    } else if is_xml(path) {
        inputs.xml.push(path.to_path_buf());
    } else if is_supported(path) {
        inputs.readable.push(path.to_path_buf());
    } else if named {
        return Err(Error::input(
            path,
            "unsupported file type for the lexicon (teema's inputs or XML)",
        ));
    } else {
        inputs.skipped += 1;
    }
    Ok(())
}

/// The text of every element of an XML file, one element per line.
fn xml_text(path: &Path) -> Result<String> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let xml = std::str::from_utf8(&bytes)
        .map_err(|e| Error::input(path, format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::input(
                path,
                format!("malformed XML at byte {}: {e}", reader.buffer_position()),
            )
        })?;
        match event {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::CData(t) => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => out.push(' '),
            },
            Event::Start(_) | Event::End(_) | Event::Empty(_) => out.push('\n'),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn build(args: BuildArgs, globals: Globals) -> Result<u8> {
    if globals.builtin {
        return Err(Error::Usage(
            "teema lexicon build distils Voikko's analyses: run it without --builtin".into(),
        ));
    }
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    if !analyzer.has_voikko() {
        return Err(Error::Usage(
            "teema lexicon build needs Voikko (Debian: apt install libvoikko1 voikko-fi)".into(),
        ));
    }
    let mut inputs = Inputs::default();
    for p in &args.paths {
        collect(p, &mut inputs, true)?;
    }
    let mut texts: Vec<String> = Vec::new();
    let mut warnings = 0;
    if !inputs.readable.is_empty() {
        let options = ReadOptions {
            text_cols: args.text_cols.clone(),
            ..Default::default()
        };
        let corpus = read_paths(&inputs.readable, &options)?;
        warnings = corpus.issues.len();
        texts.extend(corpus.units().map(|(_, u)| u.text.to_string()));
    }
    for p in &inputs.xml {
        texts.push(xml_text(p)?);
    }
    let command: Vec<String> = super::command_line().into_iter().skip(1).collect();
    let config = DistilConfig {
        forms: args.forms,
        min_count: args.min_count,
        command: command.join(" "),
        files: inputs.readable.len() + inputs.xml.len(),
    };
    let Distilled {
        bytes,
        written,
        commonness,
    } = distil(&analyzer, texts, &config).map_err(|e| Error::input(&args.out, e))?;
    std::fs::write(&args.out, &bytes).map_err(|e| Error::io(&args.out, e))?;
    if let Some(path) = &args.commonness {
        std::fs::write(path, &commonness).map_err(|e| Error::io(path, e))?;
    }
    let mut s = String::new();
    for line in Forms::header(&bytes) {
        s.push_str(&line);
        s.push('\n');
    }
    s.push_str(&format!(
        "wrote {} ({} bytes, {written} forms); {} read warnings, {} files skipped\n",
        args.out.display(),
        bytes.len(),
        warnings,
        inputs.skipped
    ));
    std::io::stderr()
        .lock()
        .write_all(s.as_bytes())
        .map_err(|e| Error::io("<stderr>", e))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_writes_voikko_analyses_of_frequent_forms() {
        let probe = Analyzer::new(Default::default()).unwrap();
        if !probe.has_voikko() {
            assert_ne!(
                std::env::var("TEEMA_REQUIRE_VOIKKO").as_deref(),
                Ok("1"),
                "Voikko is required (TEEMA_REQUIRE_VOIKKO=1) but teema did not find it"
            );
            eprintln!("SKIPPED build_writes_voikko_analyses_of_frequent_forms: Voikko not found");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("palaute.csv");
        std::fs::write(
            &csv,
            "id;vastaus\n1;Kirjastossa oli hiljaista ja kirjastossa oli tilaa.\n\
             2;Kirjastossa kävin vertaistukiryhmissä, ja vertaistukiryhmissä on hyvä olla.\n",
        )
        .unwrap();
        let xml = dir.path().join("poytakirja.xml");
        std::fs::write(&xml, "<a><p>Kirjastossa puhuttiin</p><p>puhuttiin</p></a>").unwrap();
        let out = dir.path().join("forms.lex");
        let args = BuildArgs {
            paths: vec![csv, xml],
            out: out.clone(),
            text_cols: vec!["vastaus".into()],
            forms: 3,
            min_count: 2,
            commonness: Some(dir.path().join("commonness.txt")),
        };
        let globals = Globals {
            threads: 1,
            builtin: false,
        };
        assert_eq!(build(args, globals).unwrap(), 0);
        let bytes = std::fs::read(&out).unwrap();
        let forms = Forms::decode(&bytes).unwrap();
        forms.check().unwrap();
        // The three most frequent forms Voikko knows, `oli` being left
        // to the hand-written lexicon (olla).
        assert_eq!(forms.len(), 3);
        assert_eq!(forms.get("kirjastossa").unwrap().lemma, "kirjasto");
        let group = forms.get("vertaistukiryhmissä").unwrap();
        assert_eq!(group.lemma, "vertaistukiryhmä");
        assert_eq!(group.parts, ["vertainen", "tuki", "ryhmä"]);
        assert_eq!(forms.get("puhuttiin").unwrap().lemma, "puhua");
        assert!(forms.get("oli").is_none());
        let header = Forms::header(&bytes).join("\n");
        assert!(header.contains("Analysed with: voikko"), "{header}");
        assert!(header.contains("Read: 2 files"), "{header}");
        // The commonness table counts lemmas, the forms of one summed
        // (kirjastossa four times), and parses.
        let table = std::fs::read_to_string(dir.path().join("commonness.txt")).unwrap();
        assert!(table.contains("\nkirjasto\t4\n"), "{table}");
        assert!(table.contains("\nolla\t2\n"), "{table}");
        assert!(teema::text::commonness::parse(&table).is_ok(), "{table}");
    }

    #[test]
    fn xml_gives_the_text_of_every_element() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xml");
        std::fs::write(
            &path,
            "<?xml version=\"1.0\"?><a><b>Hyvää huomenta</b><c>kaikille &amp; muille&#33;</c></a>",
        )
        .unwrap();
        let text = xml_text(&path).unwrap();
        assert!(text.contains("Hyvää huomenta\n"), "{text}");
        assert!(text.contains("kaikille   muille!"), "{text}");
        std::fs::write(&path, "<a><b>rikki</a>").unwrap();
        let err = xml_text(&path).unwrap_err().to_string();
        assert!(err.contains("a.xml"), "{err}");
    }
}
