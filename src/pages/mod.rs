//! One file per page: each wires resources and components together and holds little logic.

mod clusters;
mod not_found;
mod overview;
mod settings;
mod strategy;

pub use clusters::ClustersPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use settings::SettingsPage;
pub use strategy::StrategyPage;

use leptos::prelude::*;
use std::time::Duration;

/// Runs `f` every `every` while the calling component lives: live refresh without a library.
pub(crate) fn use_refresh(every: Duration, f: impl Fn() + 'static) {
    let f = send_wrapper::SendWrapper::new(f);
    if let Ok(handle) = set_interval_with_handle(move || (*f)(), every) {
        on_cleanup(move || handle.clear());
    }
}

/// A counter a page's resources read, so the page can make them fetch again (after a write,
/// on a timer).
#[derive(Clone, Copy)]
pub(crate) struct Reload(RwSignal<u64>);

impl Reload {
    pub fn new() -> Self {
        Self(RwSignal::new(0))
    }
    /// Subscribes the calling resource.
    pub fn track(&self) {
        self.0.track();
    }
    pub fn bump(&self) {
        self.0.update(|v| *v += 1);
    }
}
