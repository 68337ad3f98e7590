//! `manifest.json` ([`RunManifest`]): what a run read, with which
//! software and parameters, what it counted and how long each stage took,
//! so an analysis can be repeated and cited. The only file of an analysis with wall-clock figures
//! (the stage timings); every other output is byte-identical for the same
//! inputs and seed. An index records its own contents apart, in
//! `teema-index.json` ([`crate::index::IndexManifest`]).

use crate::corpus::Corpus;
pub use crate::memory::StageTiming;
pub use crate::output::OutputFile;
use crate::themes::{RunParams, ThemeResult};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Version of the manifest schema.
pub const MANIFEST_VERSION: u32 = 1;

/// The record of one analysis run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    /// Always `teema` ([`crate::output::GENERATOR`]): with `outputs`, how
    /// teema recognises its own analysis directory, to replace only the
    /// files it wrote and to skip the directory when it is among the inputs
    /// (absent in manifests written before the marker).
    #[serde(default)]
    pub generator: String,
    /// [`MANIFEST_VERSION`].
    pub manifest_version: u32,
    /// teema's version.
    pub teema_version: String,
    /// The lemmatiser and its version (`voikko 4.3.2`, `builtin`).
    pub lemmatizer: String,
    /// The command line of the run, for repeating it.
    pub command: Vec<String>,
    /// Worker threads used (results do not depend on it).
    pub threads: usize,
    /// Every parameter of the theme stage, with the seed.
    pub parameters: RunParams,
    /// The input files, with content hashes.
    pub inputs: Vec<InputFile>,
    /// What was read and found.
    pub counts: Counts,
    /// Wall-clock seconds, documents and tokens per stage, in the order
    /// they ran.
    pub stages: Vec<StageTiming>,
    /// Peak resident memory of the run in bytes, as the operating system
    /// counted it (absent where it cannot be read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_memory_bytes: Option<u64>,
    /// What pseudonymisation looked for and replaced (absent when the run
    /// did not pseudonymise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonymisation: Option<serde_json::Value>,
    /// The files written, with content hashes (the manifest itself excluded).
    pub outputs: Vec<OutputFile>,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputFile {
    /// Path as given.
    #[serde(serialize_with = "crate::corpus::path_text")]
    pub path: PathBuf,
    /// Reader used (`csv`, `xlsx`, `transcript`, …).
    pub format: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Text encoding it was decoded from.
    pub encoding: String,
}

impl From<&crate::corpus::Source> for InputFile {
    fn from(s: &crate::corpus::Source) -> InputFile {
        InputFile {
            path: s.path.clone(),
            format: s.format.name().to_string(),
            sha256: s.sha256.clone(),
            encoding: s.encoding.clone(),
        }
    }
}

/// Counts of one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Records read from the inputs (rows, turns).
    pub records_read: u64,
    /// Records that gave text to analyse.
    pub records_ingested: u64,
    /// Records without text.
    pub records_empty: u64,
    /// Records rejected (listed with file and line by `teema ingest`).
    pub records_rejected: u64,
    /// Documents (respondents and interviews).
    pub documents: usize,
    /// Documents with at least one analysed answer.
    pub respondents: usize,
    /// Analysed answers and utterances.
    pub answers: usize,
    /// Themes in the result (subthemes included).
    pub themes: usize,
    /// Coded spans.
    pub codings: usize,
    /// Analysed answers in no theme.
    pub unassigned: usize,
}

impl RunManifest {
    /// A manifest for `result` on `corpus`: inputs, parameters and counts
    /// filled in; `command`, `threads` (0 until then) and `stages` are for
    /// the caller to set,
    /// `outputs` is filled by [`super::stage_record`] from what the report
    /// stage wrote.
    pub fn new(result: &ThemeResult, corpus: &Corpus) -> RunManifest {
        let a = &corpus.accounting;
        RunManifest {
            generator: crate::output::GENERATOR.to_string(),
            manifest_version: MANIFEST_VERSION,
            teema_version: result.params.teema_version.clone(),
            lemmatizer: result.params.lemmatizer.clone(),
            command: Vec::new(),
            threads: 0,
            parameters: result.params.clone(),
            inputs: corpus.sources.iter().map(InputFile::from).collect(),
            counts: Counts {
                records_read: a.read,
                records_ingested: a.ingested,
                records_empty: a.empty,
                records_rejected: a.rejected,
                documents: result.overview.documents,
                respondents: result.overview.respondents,
                answers: result.overview.answers,
                themes: result.themes.len(),
                codings: result.codings.len(),
                unassigned: result.unassigned.answers,
            },
            stages: Vec::new(),
            peak_memory_bytes: None,
            pseudonymisation: None,
            outputs: Vec::new(),
        }
    }

    /// Record `timing`, replacing the earlier figures of its stage (a
    /// stage run again, as the report stage by `teema report`) or added
    /// after the others.
    pub fn set_stage(&mut self, timing: StageTiming) {
        match self.stages.iter_mut().find(|s| s.stage == timing.stage) {
            Some(s) => *s = timing,
            None => self.stages.push(timing),
        }
    }
}
