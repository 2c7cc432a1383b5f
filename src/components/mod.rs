//! Reusable pieces: each takes what it shows as props and reports what happens by callbacks.

pub mod backup_now;
pub mod draft_form;
pub mod error_view;
pub mod latest;
pub mod radio_choice;
pub mod rpo;
pub mod schedule_grid;
pub mod schedule_status;
pub mod server_text;
pub mod shell;
pub mod sign_in;
pub mod skeleton;
pub mod status_chip;
pub mod strategy_actions;
pub mod task_follow;
pub mod task_status;
pub mod task_table;
pub mod unread_notice;
pub mod virtual_table;
pub mod window_strip;

pub use backup_now::BackupNowButton;
pub use error_view::ErrorView;
pub use latest::Latest;
pub use radio_choice::{Choice, RadioChoice};
pub use rpo::LiveRpo;
pub use schedule_grid::ScheduleGrid;
pub use schedule_status::ScheduleStatusCard;
pub use shell::Shell;
pub use sign_in::SignInDialog;
pub use skeleton::Skeleton;
pub use status_chip::StatusChip;
pub use strategy_actions::StrategyActions;
pub use task_follow::TaskFollow;
pub use task_table::DataTaskTable;
pub use unread_notice::UnreadNotice;
pub use window_strip::RecoverableStrip;
