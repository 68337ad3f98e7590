//! The stages of `teema analyze`, run in order with one progress display:
//! read → pseudonymise → index → themes → reports. Each stage is timed
//! (seconds, documents, tokens), and the figures go to the manifest so a run
//! can be repeated, cited and compared (`teema bench` reads them).

use serde::{Deserialize, Serialize};
use std::time::Instant;

/// What one stage did and how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// Stage name: `read`, `pseudonymise`, `index`, `themes`, `report`.
    pub stage: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Documents (answers and utterances) the stage handled.
    pub documents: u64,
    /// Tokens the stage analysed (0 where it analyses none).
    pub tokens: u64,
}

impl StageTiming {
    /// Documents per second (0 when the stage took no measurable time).
    pub fn documents_per_second(&self) -> f64 {
        per_second(self.documents, self.seconds)
    }

    /// Tokens per second.
    pub fn tokens_per_second(&self) -> f64 {
        per_second(self.tokens, self.seconds)
    }
}

fn per_second(n: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        n as f64 / seconds
    } else {
        0.0
    }
}

/// Times the stages of one run and shows which one is running on stderr
/// (only on a terminal).
pub struct Stages {
    timings: Vec<StageTiming>,
    bar: Option<indicatif::ProgressBar>,
    total: usize,
}

impl Stages {
    /// A recorder for `total` stages; `progress` shows a spinner on stderr.
    pub fn new(total: usize, progress: bool) -> Stages {
        let bar = progress.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed}")
            {
                bar.set_style(style);
            }
            bar.set_length(total as u64);
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Stages {
            timings: Vec::new(),
            bar,
            total,
        }
    }

    /// Run stage `name`; `f` returns its value and (documents, tokens).
    pub fn run<T>(
        &mut self,
        name: &str,
        f: impl FnOnce() -> crate::Result<(T, u64, u64)>,
    ) -> crate::Result<T> {
        if let Some(bar) = &self.bar {
            bar.set_position(self.timings.len() as u64 + 1);
            bar.set_message(name.to_string());
        }
        let start = Instant::now();
        let (value, documents, tokens) = f()?;
        self.timings.push(StageTiming {
            stage: name.to_string(),
            seconds: start.elapsed().as_secs_f64(),
            documents,
            tokens,
        });
        Ok(value)
    }

    /// The timings so far, in stage order; clears the progress display.
    pub fn finish(self) -> Vec<StageTiming> {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
        debug_assert!(self.timings.len() <= self.total);
        self.timings
    }
}

/// Peak resident memory of this process in bytes, as the operating system
/// counts it (`VmHWM` on Linux); `None` where it cannot be read.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_recorded_in_order_with_counts() {
        let mut stages = Stages::new(2, false);
        let a = stages.run("read", || Ok((7, 3, 0))).unwrap();
        let b: u8 = stages.run("index", || Ok((1, 3, 40))).unwrap();
        let t = stages.finish();
        assert_eq!((a, b), (7, 1));
        let names: Vec<_> = t.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(names, ["read", "index"]);
        assert_eq!((t[1].documents, t[1].tokens), (3, 40));
    }

    #[test]
    fn a_failing_stage_stops_the_run() {
        let mut stages = Stages::new(1, false);
        let r: crate::Result<()> = stages.run("read", || Err(crate::Error::Usage("no".into())));
        assert!(r.is_err());
        assert!(stages.finish().is_empty());
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let bytes = peak_memory_bytes().expect("VmHWM in /proc/self/status");
            assert!(
                bytes > 1 << 20,
                "peak memory {bytes} bytes is implausibly small"
            );
        }
    }
}
