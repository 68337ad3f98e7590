//! Memory and time: the allocator teema's programs run on, giving memory
//! the process no longer uses back to the operating system, and measuring
//! what each stage of a run takes ([`StageMeter`] → [`StageTiming`]: its
//! seconds and peak memory, with the one reader of `/proc/self/status`).
//!
//! [`Allocator`] is mimalloc. The `teema` binary and the benchmarks
//! install it as the global allocator (`#[global_allocator]`): teema's
//! stages allocate many small strings and vectors from several threads at
//! once, and with glibc's allocator those threads contended for its arenas
//! and kept fragmented free memory. On fi-news (`teema bench`, 2 threads)
//! mimalloc made `teema analyze` 16 % faster (17.5 s → 14.7 s), the
//! scaling from 1 to 2 threads went from 1.47× to 1.63×, and on the corpus
//! three times over the peak memory went from 2.8 GB to 2.5 GB; every
//! output file was byte-identical.
//!
//! It is built without its transparent-huge-page hint (`no_thp`): with
//! the hint, the kernel stalled the reading of fi-news on compacting memory
//! for huge pages now and then (0.6 s to 1.5 s for the same file); without
//! the hint `teema analyze` took 13.9–14.2 s against 14.6–14.7 s with it
//! (three alternating runs each).
//!
//! mimalloc returns freed pages to the system by itself. libvoikko (C++)
//! still allocates through glibc's `malloc`, whose arenas keep freed memory
//! for reuse: [`release_free_memory`] trims them between stages.

/// The global allocator of the `teema` binary and the benchmarks; install
/// it with `#[global_allocator] static GLOBAL: Allocator = Allocator;`.
pub use mimalloc::MiMalloc as Allocator;

/// Give memory the program no longer uses back to the operating system:
/// every thread's mimalloc heap is collected (blocks freed by another
/// thread than the one that allocated them, and pages kept for reuse, are
/// otherwise returned only later, so a large structure dropped between two
/// phases could still be resident while the next one is built), and glibc's
/// arenas, where libvoikko allocates, are trimmed. Called between stages and
/// between the large phases of the themes stage; costs a few milliseconds.
pub fn release_free_memory() {
    // SAFETY: mi_collect only frees and purges memory of mimalloc's own
    // heaps that no live allocation uses; it is safe to call on any thread.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of the allocator's own
    // arenas to the kernel; it touches no memory the program still uses.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The resident and peak memory of the process at one point of a run
/// (a developer's aid for finding where a stage's peak comes from).
#[derive(Debug, Clone, Copy)]
pub struct MemoryTrace<'a> {
    /// Where in the run (`read`, `themes: analysed`, `discover: tf-idf` …).
    pub label: &'a str,
    /// Resident memory now, MiB.
    pub resident_mib: u64,
    /// The high-water mark since it was last reset (at the stage's start), MiB.
    pub peak_mib: u64,
    /// Seconds since the first trace of the process.
    pub seconds: f64,
}

/// Where the traces go, once the caller has asked for them.
static TRACER: std::sync::OnceLock<fn(&MemoryTrace<'_>)> = std::sync::OnceLock::new();

/// Send the memory at every traced point of the stages to `tracer` (the
/// command line does with `TEEMA_TRACE_MEMORY` set). The figures are the
/// process's, so the tracer is too: set once per process, false when one
/// was set before. Without a tracer nothing is measured.
pub fn set_tracer(tracer: fn(&MemoryTrace<'_>)) -> bool {
    TRACER.set(tracer).is_ok()
}

/// Give the tracer, when one is set ([`set_tracer`]), the resident and
/// peak memory of the process at `label`.
pub fn trace(label: &str) {
    let Some(tracer) = TRACER.get() else {
        return;
    };
    let field = |name: &str| status_kib(name).map_or(0, |kb| kb / 1024);
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let t = START.get_or_init(std::time::Instant::now).elapsed();
    tracer(&MemoryTrace {
        label,
        resident_mib: field("VmRSS:"),
        peak_mib: field("VmHWM:"),
        seconds: t.as_secs_f64(),
    });
}

/// Measures the peak resident memory of one stage: the operating system's
/// high-water mark is reset when the stage starts (Linux: `5` written to
/// `/proc/self/clear_refs`) and read when it ends. The peak of the whole
/// run so far is kept, so [`peak_memory_bytes`] still answers for the run.
pub struct StagePeak {
    /// Whether the reset worked (otherwise the stage's figure is unknown).
    reset: bool,
}

/// The run's peak across resets (bytes).
static RUN_PEAK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl StagePeak {
    /// Reset the high-water mark at the start of a stage.
    pub fn start() -> StagePeak {
        // Fold the peak so far into the run's before the mark is reset.
        let _ = peak_memory_bytes();
        release_free_memory();
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        StagePeak { reset }
    }

    /// The stage's peak (`None` when the mark could not be reset or read).
    pub fn end(self) -> Option<u64> {
        let stage = current_high_water_mark();
        let _ = peak_memory_bytes();
        stage.filter(|_| self.reset)
    }
}

/// Peak resident memory of this process in bytes, as the operating system
/// counts it (`VmHWM` on Linux), across the per-stage resets of
/// [`StagePeak`]; `None` where it cannot be read.
pub fn peak_memory_bytes() -> Option<u64> {
    use std::sync::atomic::Ordering;
    let now = current_high_water_mark()?;
    let peak = RUN_PEAK.fetch_max(now, Ordering::Relaxed).max(now);
    Some(peak)
}

/// `VmHWM` of this process in bytes (since start or the last reset).
fn current_high_water_mark() -> Option<u64> {
    status_kib("VmHWM:").map(|kb| kb * 1024)
}

/// A field of `/proc/self/status` in KiB (`VmRSS:`, `VmHWM:`), where the
/// system has one.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// What one stage did and how long it took (a `stages` entry of an
/// analysis's manifest.json).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StageTiming {
    /// Stage name: `read`, `pseudonymise`, `index`, `themes`, `report`.
    pub stage: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Documents (answers and utterances) the stage handled.
    pub documents: u64,
    /// Tokens the stage analysed (0 where it analyses none).
    pub tokens: u64,
    /// Peak resident memory during the stage in bytes, as the operating
    /// system counts it (`None` where it cannot be measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_memory_bytes: Option<u64>,
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

/// Measures one stage from [`StageMeter::start`] to
/// [`StageMeter::finish`]: its wall-clock time and its peak memory
/// ([`StagePeak`]).
pub struct StageMeter {
    peak: StagePeak,
    started: std::time::Instant,
}

impl StageMeter {
    /// Start measuring a stage (the high-water mark is reset first, so
    /// the clock does not count the reset).
    pub fn start() -> StageMeter {
        let peak = StagePeak::start();
        StageMeter {
            peak,
            started: std::time::Instant::now(),
        }
    }

    /// The figures of stage `stage`, which handled `documents` documents
    /// and analysed `tokens` tokens.
    pub fn finish(self, stage: &str, documents: u64, tokens: u64) -> StageTiming {
        let seconds = self.started.elapsed().as_secs_f64();
        StageTiming {
            stage: stage.to_string(),
            seconds,
            documents,
            tokens,
            peak_memory_bytes: self.peak.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_meter_measures_time_and_its_own_peak() {
        let meter = StageMeter::start();
        let size = 64 << 20;
        let v = vec![1u8; size];
        let touched: usize = v.iter().map(|&b| b as usize).sum();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let t = meter.finish("big", 3, 40);
        assert_eq!(touched, size);
        assert_eq!((t.stage.as_str(), t.documents, t.tokens), ("big", 3, 40));
        assert!(t.seconds >= 0.005, "{} s", t.seconds);
        if cfg!(target_os = "linux") {
            let peak = t.peak_memory_bytes.expect("VmHWM can be reset and read");
            assert!(
                peak >= size as u64,
                "stage peak {peak} below the 64 MB it held"
            );
            assert!(peak_memory_bytes().unwrap() >= peak);
        }
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

    #[test]
    fn rates_are_per_second_and_zero_without_time() {
        let t = StageTiming {
            stage: "index".into(),
            seconds: 2.0,
            documents: 10,
            tokens: 300,
            peak_memory_bytes: None,
        };
        assert_eq!(
            (t.documents_per_second(), t.tokens_per_second()),
            (5.0, 150.0)
        );
        let instant = StageTiming { seconds: 0.0, ..t };
        assert_eq!(instant.tokens_per_second(), 0.0);
    }
}
