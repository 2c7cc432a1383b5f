//! ob-backup-console: the browser console for OceanBase backup and restore over OCP's API.

pub mod api;
pub mod app;
pub mod chunk;
pub mod clock;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod query;
pub mod storage;
pub mod theme;

pub use app::App;
