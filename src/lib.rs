//! shilian — 失联党员管理工作台.
//! Walls: `domain` (pure rules) ← `store` (SQL) ← `app` (actions) ← `cli` / `ui`.

pub mod app;
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
