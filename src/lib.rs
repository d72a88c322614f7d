//! shilian — 失联党员管理工作台.
//! Walls: `domain` (pure rules) ← `store` (SQL) ← `app` (actions) ← `cli` / `ui`.

pub mod app;
pub mod bundle;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod papers;
pub mod store;
pub mod ui;

/// mimalloc (built from source and linked statically by its crate) for
/// every build: musl's own allocator hands memory back to the kernel over
/// and over, which made the static binary 1.5-1.8x slower than the glibc one
/// (docs/BENCHMARKS.md, issue 15). In the library, so the binary, the tests
/// and the benchmark all run on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
