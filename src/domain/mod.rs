//! The rules of the work: pure Rust, no I/O, no SQL, no terminal.
//! "Today" is always passed in.

pub mod action;
pub mod checklist;
pub mod dates;
pub mod deadline;
pub mod idcard;
pub mod lookback;
pub mod lost;
pub mod model;
pub mod policy;
pub mod procedure;
pub mod refusal;
pub mod rules;
pub mod text;
