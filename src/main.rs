//! The `shilian` binary: parse the command line and dispatch (see `cli`).

fn main() {
    std::process::exit(shilian::cli::main());
}
