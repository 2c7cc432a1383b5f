//! A small coloured label for a status; unknown statuses are shown as sent, in neutral.

use leptos::prelude::*;
use ocp_model::tasks::StatusTone;

pub fn tone_class(tone: StatusTone) -> &'static str {
    match tone {
        StatusTone::Running => "chip chip--running",
        StatusTone::Success => "chip chip--success",
        StatusTone::Failure => "chip chip--failure",
        StatusTone::Neutral => "chip chip--neutral",
    }
}

#[component]
pub fn StatusChip(
    /// The colour family.
    tone: StatusTone,
    /// The text shown.
    #[prop(into)]
    label: Signal<String>,
    /// The raw status, for tests and styling.
    #[prop(into, optional)]
    raw: String,
) -> impl IntoView {
    view! { <span class=tone_class(tone) data-status=raw>{label}</span> }
}
