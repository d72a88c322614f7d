//! Helpers shared by the test modules (each was once the `mod` of its own
//! test binary).

pub mod bundle;
pub mod cli;
pub mod e2e;
pub mod import;
pub mod papers;
pub mod reliability;
pub mod store;
pub mod tmux;
pub mod ui;
