//! The OCP backup & restore API as Rust types, and the pure rules of the domain.
//!
//! Shared by the console (wasm) and the emulator (native); it does no I/O. Decoding is lenient
//! where real OCP servers differ (time formats, unknown statuses, numeric or string error codes,
//! extra fields); encoding writes each field the way a real OCP does.

pub mod backup;
pub mod cluster;
pub mod envelope;
pub mod health;
pub mod input;
pub mod json_path;
pub mod lang;
pub mod lenient;
pub mod measure;
mod open_enum;
pub mod query;
pub mod recoverable;
pub mod restore;
pub mod restore_wizard;
pub mod schedule;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod scope;
pub mod secrets;
pub mod strategy_form;
pub mod task_list;
pub mod tasks;
pub mod tenant;
pub mod text;
pub mod time;
pub mod timeline;
pub mod validate;

pub use backup::*;
pub use cluster::*;
pub use envelope::*;
pub use lang::Lang;
pub use lenient::FieldWarning;
pub use recoverable::*;
pub use restore::*;
pub use scope::BackupScope;
pub use tasks::*;
pub use time::{
    CreateTime, NanoTime, OcpTime, RecoverableTime, StampTime, TaskTime, TimeOfDay, TimeParseError,
    UtcMicroTime,
};
