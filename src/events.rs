//! Progress and warnings on their way from the stages to whoever runs them.
//!
//! The library never writes to the terminal: a stage tells an [`Events`]
//! what it is doing (a task starts with its size, advances, finishes) and
//! what the user should know ([`Warning`]), and the caller decides what to
//! show. The command line draws progress bars and prints the warnings; a
//! Rust user may log them, count them, or ignore them ([`Silent`], the
//! default). Like grep-searcher's `Sink`, the trait is small and every
//! method has a default that does nothing, so an implementation writes only
//! what it cares about.
//!
//! The stages run on rayon's threads, so an [`Events`] is `Send + Sync`
//! and takes `&self`; events of one task arrive in order, from the thread
//! that runs the task. A stage receives its events in its options (a
//! [`Reporter`], which is cheap to clone and silent by default).

use std::sync::Arc;

/// What a progress report is about. Every report of one task names the
/// same value, so a caller that shows several at once (the stages of
/// `teema analyze` and the files being read) can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// The stages of one run ([`crate::pipeline::Stages`]); the total is
    /// the number of stages, and each step names the stage beginning.
    Stages,
    /// Reading the input files ([`crate::corpus::read_paths`]); the total
    /// is their size in bytes, each file is named as its reading begins
    /// and advances the task by its size when read.
    Read {
        /// How many files are read.
        files: u64,
    },
    /// Writing answers and utterances into an index
    /// ([`crate::index::build`]); the total is the number of entries.
    Index,
}

/// Something the user should know that does not stop the run. The
/// command line words each kind (a new one does not compile there until
/// it has its wording).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Voikko could not be used; the built-in lemmatiser answers instead.
    VoikkoMissing {
        /// Why (not found, or found without the Finnish dictionary), with
        /// how to install it.
        reason: String,
    },
    /// The form lexicon embedded in teema could not be read: the built-in
    /// lemmatiser works by its rules alone.
    FormLexiconDamaged {
        /// What is wrong with it.
        reason: String,
    },
    /// A block of the embedded form lexicon could not be read: the forms
    /// it holds are lemmatised by the rules.
    FormLexiconBlockDamaged {
        /// What is wrong with it.
        reason: String,
    },
}

/// Receives progress and warnings from the stages. Every method does
/// nothing unless implemented.
pub trait Events: Send + Sync {
    /// `task` starts with `total` units of work (see [`Task`] for the unit).
    fn start(&self, task: Task, total: u64) {
        let _ = (task, total);
    }

    /// `n` more units of `task` are done; `item` names what the task is
    /// working on from now on (a file, a stage), when that changed.
    fn advance(&self, task: Task, n: u64, item: Option<&str>) {
        let _ = (task, n, item);
    }

    /// `task` is over (finished, or stopped by an error).
    fn finish(&self, task: Task) {
        let _ = task;
    }

    /// Something the user should know.
    fn warning(&self, warning: &Warning) {
        let _ = warning;
    }
}

/// Events that go nowhere: the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Events for Silent {}

/// A shared [`Events`] as the stages' options hold it: cheap to clone,
/// silent by default, and usable as `&dyn Events`.
#[derive(Clone)]
pub struct Reporter(Arc<dyn Events>);

impl Reporter {
    /// Report to `events`.
    pub fn new(events: impl Events + 'static) -> Reporter {
        Reporter(Arc::new(events))
    }

    /// Report to the `events` shared with the caller.
    pub fn shared(events: Arc<dyn Events>) -> Reporter {
        Reporter(events)
    }

    /// Report nothing.
    pub fn silent() -> Reporter {
        Reporter::new(Silent)
    }

    /// The same warnings without the progress (a stage whose progress
    /// another display already covers).
    pub fn warnings_only(&self) -> Reporter {
        Reporter::new(WarningsOnly(self.0.clone()))
    }
}

impl Default for Reporter {
    fn default() -> Reporter {
        Reporter::silent()
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reporter")
    }
}

impl std::ops::Deref for Reporter {
    type Target = dyn Events;

    fn deref(&self) -> &(dyn Events + 'static) {
        &*self.0
    }
}

/// Passes the warnings on, drops the progress.
struct WarningsOnly(Arc<dyn Events>);

impl Events for WarningsOnly {
    fn warning(&self, warning: &Warning) {
        self.0.warning(warning);
    }
}

/// A task's progress as a guard: started when made, finished when dropped,
/// so a stage that stops with an error still finishes its task.
pub(crate) struct Progress<'a> {
    events: &'a dyn Events,
    task: Task,
}

impl<'a> Progress<'a> {
    /// Start `task` of `total` units on `events`.
    pub(crate) fn start(events: &'a dyn Events, task: Task, total: u64) -> Progress<'a> {
        events.start(task, total);
        Progress { events, task }
    }

    /// `n` more units done; `item` is what the task works on from now on.
    pub(crate) fn advance(&self, n: u64, item: Option<&str>) {
        self.events.advance(self.task, n, item);
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.events.finish(self.task);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records every event as a line, in order.
    #[derive(Default)]
    pub(crate) struct Recorder(pub Mutex<Vec<String>>);

    impl Recorder {
        /// The lines recorded so far.
        pub(crate) fn lines(&self) -> Vec<String> {
            self.0.lock().unwrap().clone()
        }
    }

    impl Events for Recorder {
        fn start(&self, task: Task, total: u64) {
            self.0
                .lock()
                .unwrap()
                .push(format!("start {task:?} {total}"));
        }
        fn advance(&self, task: Task, n: u64, item: Option<&str>) {
            self.0
                .lock()
                .unwrap()
                .push(format!("advance {task:?} {n} {item:?}"));
        }
        fn finish(&self, task: Task) {
            self.0.lock().unwrap().push(format!("finish {task:?}"));
        }
        fn warning(&self, warning: &Warning) {
            self.0.lock().unwrap().push(format!("warning {warning:?}"));
        }
    }

    #[test]
    fn a_task_is_finished_even_when_its_stage_stops_early() {
        let recorder = Recorder::default();
        let stage = || -> Result<(), ()> {
            let progress = Progress::start(&recorder, Task::Index, 3);
            progress.advance(1, None);
            Err(())
        };
        assert!(stage().is_err());
        assert_eq!(
            recorder.lines(),
            ["start Index 3", "advance Index 1 None", "finish Index"]
        );
    }

    #[test]
    fn warnings_only_passes_the_warnings_and_drops_the_progress() {
        let recorder = Arc::new(Recorder::default());
        let reporter = Reporter::shared(recorder.clone()).warnings_only();
        reporter.start(Task::Stages, 5);
        reporter.advance(Task::Stages, 1, Some("read"));
        reporter.finish(Task::Stages);
        let w = Warning::VoikkoMissing {
            reason: "Voikko was not found".into(),
        };
        reporter.warning(&w);
        assert_eq!(
            recorder.lines(),
            [format!("warning {w:?}")],
            "only the warning should pass"
        );
    }
}
