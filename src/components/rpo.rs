//! The live RPO: how much would be lost if the cluster died now. Ticks every second.

use crate::clock::use_clock;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::measure::{rpo_seconds, RpoLevel, Span};
use ocp_model::TaskTime;

#[component]
pub fn LiveRpo(
    /// The newest archived log point, while log backup runs.
    #[prop(into)]
    checkpoint: Signal<Option<TaskTime>>,
    /// The last data backup, the recoverable point when no log is archived.
    #[prop(into)]
    last_backup: Signal<Option<TaskTime>>,
    /// The strategy's `logBackupDelaySeconds` alert threshold.
    #[prop(into)]
    threshold_secs: Signal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let rpo = move || rpo_seconds(clock.now_ms.get(), checkpoint.get(), last_backup.get());
    let level = move || rpo().map(|r| RpoLevel::of(r, threshold_secs.get()));
    let threshold_text = move || Span::from_seconds(threshold_secs.get()).compact();
    view! {
        <section class="card rpo-card" aria-labelledby="rpo-title">
            <h2 class="card__title" id="rpo-title">{move || i18n.t(Msg::RpoTitle)}</h2>
            <p
                class=move || format!("rpo rpo--{}", level().map_or("unknown", RpoLevel::as_str))
                data-testid="rpo"
                data-level=move || level().map_or("unknown", RpoLevel::as_str)
                aria-live="off"
            >
                {move || rpo().map_or_else(|| "—".to_owned(), |r| Span::from_seconds(r).compact())}
            </p>
            // The level in words and a sign, not by colour alone.
            {move || level().map(|l| {
                let (sign, msg) = match l {
                    RpoLevel::Healthy => ("✓ ", Msg::RpoLevelHealthy),
                    RpoLevel::Late => ("⚠ ", Msg::RpoLevelLate),
                    RpoLevel::Critical => ("✗ ", Msg::RpoLevelCritical),
                };
                view! {
                    <p class=format!("rpo__level rpo--{}", l.as_str()) data-testid="rpo-level">
                        <span aria-hidden="true">{sign}</span>{i18n.t(msg)}
                    </p>
                }
            })}
            <p class="card__help">
                {move || match (checkpoint.get(), rpo()) {
                    (_, None) => i18n.t(Msg::RpoUnknown).to_owned(),
                    (None, Some(_)) => i18n.t(Msg::RpoNoLog).to_owned(),
                    (Some(_), Some(_)) => i18n.fmt(Msg::RpoHelp, &[("n", &threshold_text())]),
                }}
            </p>
        </section>
    }
}
