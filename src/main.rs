//! The `shilian` binary: parse the command line and dispatch (see `cli`).

fn main() {
    // Die quietly on a closed pipe (`shilian alerts | head`) like other tools.
    // SAFETY: setting a signal disposition at start-up, before any threads.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(shilian::cli::main());
}
