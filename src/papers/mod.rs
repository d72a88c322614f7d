//! The papers the Notice asks for [N五]: the register of members not yet
//! reached (名册), one dossier per person (一人一档), and drafts of the
//! standard papers filled from a case. `register`, `dossier` and `drafts`
//! only render (data in, text or bytes out); `output` writes a rendered
//! paper to a file, marked and recorded in the audit log.

mod doc;
pub mod doc_csv;
mod docx;
pub mod dossier;
mod dossier_amend;
mod dossier_audit;
mod dossier_steps;
pub mod draft_values;
pub mod drafts;
pub mod output;
pub mod paper;
pub mod register;
mod register_cols;
mod register_xlsx;
pub mod template;
#[cfg(test)]
mod tests;

/// The security marking every export carries (the Notice's own words).
pub const MARKING: &str = "内部资料 注意保密";
