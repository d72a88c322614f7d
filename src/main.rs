//! The `shilian` binary: parse the command line and dispatch (see `cli`).

/// mimalloc's lazy arena commit must be set before the first allocation,
/// which the Rust runtime makes before `main`: as a constructor, it runs
/// first (docs/BENCHMARKS.md, workstation RSS).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_LAZILY: extern "C" fn() = {
    extern "C" fn set() {
        shilian::store::commit_lazily();
    }
    set
};

fn main() {
    // Die quietly on a closed pipe (`shilian alerts | head`) like other tools.
    // SAFETY: setting a signal disposition at start-up, before any threads.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(shilian::cli::main());
}
