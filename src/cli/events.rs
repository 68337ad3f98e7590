//! The command line's [`Events`]: the library's progress drawn as bars on
//! stderr (only when it is a terminal), its warnings printed there in
//! teema's words. One instance serves the whole process, so the bars of
//! tasks running at once (the stages of `teema analyze` and the files being
//! read) share one display and a warning does not tear a bar.

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use teema::events::{Events, Reporter, Task, Warning};

/// Reading shows a bar from this many bytes on, or from [`LARGE_FILES`]
/// files: a smaller read is over before a bar would tell anything.
const LARGE_BYTES: u64 = 32 << 20;
/// See [`LARGE_BYTES`].
const LARGE_FILES: u64 = 200;

/// Where the library's events go in this process.
pub(crate) fn reporter() -> Reporter {
    static EVENTS: OnceLock<Arc<Terminal>> = OnceLock::new();
    let events = EVENTS.get_or_init(|| {
        Arc::new(Terminal {
            bars: std::io::stderr().is_terminal().then(MultiProgress::new),
            running: Mutex::new(Vec::new()),
            said: Mutex::new(Vec::new()),
        })
    });
    Reporter::shared(events.clone())
}

/// The wording of a warning on stderr.
pub(crate) fn wording(warning: &Warning) -> String {
    match warning {
        Warning::VoikkoMissing { reason } => format!(
            "teema: {reason}. Using the built-in lemmatiser (a little less accurate on rare words and names)."
        ),
        Warning::FormLexiconDamaged { reason } => {
            format!("teema: the embedded form lexicon is damaged ({reason}); using rules only")
        }
        Warning::FormLexiconBlockDamaged { reason } => {
            format!("teema: the form lexicon is damaged: {reason}")
        }
    }
}

/// Progress bars on stderr and warnings printed once.
struct Terminal {
    /// The display, when stderr is a terminal.
    bars: Option<MultiProgress>,
    /// The bar of each task running (a task too small for a bar has none).
    running: Mutex<Vec<(Task, Option<ProgressBar>)>>,
    /// Warnings printed: each is a fact about the run, said once.
    said: Mutex<Vec<Warning>>,
}

impl Terminal {
    fn bar(&self, task: Task) -> Option<ProgressBar> {
        let running = self.running.lock().ok()?;
        running.iter().find(|(t, _)| *t == task)?.1.clone()
    }
}

/// The bar of `task` as teema has always drawn it, or none when `total`
/// is too small to be worth one.
fn new_bar(task: Task, total: u64) -> Option<ProgressBar> {
    let (bar, template) = match task {
        Task::Stages => {
            let bar = ProgressBar::new_spinner();
            bar.set_length(total);
            (bar, "{spinner} [{pos}/{len}] {msg} {elapsed}")
        }
        Task::Read { files } => {
            if total < LARGE_BYTES && files < LARGE_FILES {
                return None;
            }
            (
                ProgressBar::new(total),
                "reading {bar:30} {bytes}/{total_bytes} {wide_msg}",
            )
        }
        Task::Index => (
            ProgressBar::new(total),
            "indexing {wide_bar} {human_pos}/{human_len} entries, {per_sec}, {eta} left",
        ),
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| match task {
            Task::Stages => ProgressStyle::default_spinner(),
            _ => ProgressStyle::default_bar(),
        }),
    );
    Some(bar)
}

/// How often the bar of `task` redraws by itself (a spinner turns, the
/// seconds go on), once it is on the display.
fn steady_tick(task: Task) -> Option<Duration> {
    match task {
        Task::Stages => Some(Duration::from_millis(120)),
        Task::Read { .. } => Some(Duration::from_millis(200)),
        Task::Index => None,
    }
}

impl Events for Terminal {
    fn start(&self, task: Task, total: u64) {
        let Some(bars) = &self.bars else {
            return;
        };
        let bar = new_bar(task, total).map(|b| {
            let b = bars.add(b);
            if let Some(every) = steady_tick(task) {
                b.enable_steady_tick(every);
            }
            b
        });
        if let Ok(mut running) = self.running.lock() {
            running.push((task, bar));
        }
    }

    fn advance(&self, task: Task, n: u64, item: Option<&str>) {
        if let Some(bar) = self.bar(task) {
            bar.inc(n);
            if let Some(item) = item {
                bar.set_message(item.to_string());
            }
        }
    }

    fn finish(&self, task: Task) {
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        if let Some(i) = running.iter().rposition(|(t, _)| *t == task) {
            let (_, bar) = running.remove(i);
            if let (Some(bar), Some(bars)) = (bar, &self.bars) {
                bar.finish_and_clear();
                bars.remove(&bar);
            }
        }
    }

    fn warning(&self, warning: &Warning) {
        if let Ok(mut said) = self.said.lock() {
            if said.contains(warning) {
                return;
            }
            said.push(warning.clone());
        }
        let text = wording(warning);
        match &self.bars {
            Some(bars) => bars.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warnings_keep_their_wording() {
        let voikko = Warning::VoikkoMissing {
            reason: "Voikko was not found; install it".into(),
        };
        assert_eq!(
            wording(&voikko),
            "teema: Voikko was not found; install it. Using the built-in lemmatiser \
             (a little less accurate on rare words and names)."
        );
        let whole = Warning::FormLexiconDamaged { reason: "x".into() };
        assert_eq!(
            wording(&whole),
            "teema: the embedded form lexicon is damaged (x); using rules only"
        );
        let block = Warning::FormLexiconBlockDamaged { reason: "y".into() };
        assert_eq!(wording(&block), "teema: the form lexicon is damaged: y");
    }

    #[test]
    fn a_small_read_gets_no_bar_and_a_large_one_does() {
        assert!(new_bar(Task::Read { files: 3 }, 1000).is_none());
        assert!(new_bar(Task::Read { files: 200 }, 1000).is_some());
        assert!(new_bar(Task::Read { files: 1 }, LARGE_BYTES).is_some());
        assert!(new_bar(Task::Index, 1).is_some());
    }
}
