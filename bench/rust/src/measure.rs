//! What a driver measures about its own process: wall time, CPU time (user + system,
//! all threads) and resident memory.

use std::time::Instant;

/// CPU time (user + system, all threads) this process used so far, in seconds, from
/// `getrusage(RUSAGE_SELF)` (what Python's `resource.getrusage` reads too).
pub fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid, writable `rusage`; getrusage only writes into it, and
    // with RUSAGE_SELF it cannot fail.
    #[allow(unsafe_code)]
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// A `kB` field of `/proc/self/status`.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The current resident set in KiB (`VmRSS`).
pub fn rss_kib() -> u64 {
    status_kib("VmRSS")
}

/// The peak resident set in KiB (`VmHWM`). Not `ru_maxrss`: after `exec` that keeps the
/// peak of the process image that forked us (the harness's Python).
pub fn peak_rss_kib() -> u64 {
    status_kib("VmHWM")
}

/// A measurement window: wall and CPU time from [`Meter::start`] to [`Meter::stop`].
#[derive(Debug)]
pub struct Meter {
    wall: Instant,
    cpu: f64,
}

impl Meter {
    /// Opens the window.
    pub fn start() -> Meter {
        Meter {
            cpu: cpu_seconds(),
            wall: Instant::now(),
        }
    }

    /// Closes the window: `events` were handled in it.
    pub fn stop(self, events: u64) -> Outcome {
        let seconds = self.wall.elapsed().as_secs_f64();
        Outcome {
            events,
            seconds,
            cpu_seconds: cpu_seconds() - self.cpu,
            peak_rss_kib: peak_rss_kib(),
            rss_per_stream_kib: None,
        }
    }
}

/// What one run of one workload measured.
#[derive(Debug)]
pub struct Outcome {
    /// Text deltas received (all streams together).
    pub events: u64,
    /// Wall time of the measured window.
    pub seconds: f64,
    /// CPU time (user + system, all threads) of the measured window.
    pub cpu_seconds: f64,
    /// Peak resident set of the whole process, in KiB.
    pub peak_rss_kib: u64,
    /// For the concurrent workload: resident memory added per open stream, in KiB.
    pub rss_per_stream_kib: Option<f64>,
}

impl Outcome {
    /// The outcome as one JSON object on one line (what `bench/compare.py` reads).
    pub fn to_json(&self, client: &str, workload: &str) -> String {
        let per_stream = match self.rss_per_stream_kib {
            Some(v) => format!("{v:.2}"),
            None => "null".to_owned(),
        };
        format!(
            "{{\"client\":\"{client}\",\"workload\":\"{workload}\",\"events\":{},\"seconds\":{:.6},\"cpu_seconds\":{:.6},\"peak_rss_kib\":{},\"rss_per_stream_kib\":{per_stream}}}",
            self.events, self.seconds, self.cpu_seconds, self.peak_rss_kib
        )
    }
}
