//! Repeated timing: median and 95th percentile in milliseconds.

use std::time::Instant;

#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub median: f64,
    pub p95: f64,
}

impl Stats {
    pub fn of(mut ms: Vec<f64>) -> Stats {
        if ms.is_empty() {
            return Stats {
                median: 0.0,
                p95: 0.0,
            };
        }
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        Stats {
            median: at(0.5),
            p95: at(0.95),
        }
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "median {:>9.3} ms  p95 {:>9.3} ms",
            self.median, self.p95
        )
    }
}

/// Run `f` once to warm up, then `runs` times; the samples in ms.
pub fn samples<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<f64> {
    std::hint::black_box(f());
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect()
}

pub fn time<T>(runs: usize, f: impl FnMut() -> T) -> Stats {
    Stats::of(samples(runs, f))
}

/// Print one figure: label, stats, target.
pub fn row(label: &str, s: Stats, target: &str) {
    println!("  {label:<52} {s}   (target {target})");
}
