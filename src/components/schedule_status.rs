//! The backup schedule's status, what it means, and (once their pages exist) its actions.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::tasks::StatusTone;
use ocp_model::BackupScheduleStatus;

pub fn status_msg(status: &BackupScheduleStatus) -> Option<(Msg, Msg, StatusTone)> {
    Some(match status {
        BackupScheduleStatus::None => (Msg::StatusNone, Msg::StatusNoneHelp, StatusTone::Neutral),
        BackupScheduleStatus::Normal => (
            Msg::StatusNormal,
            Msg::StatusNormalHelp,
            StatusTone::Success,
        ),
        BackupScheduleStatus::Paused => (
            Msg::StatusPaused,
            Msg::StatusPausedHelp,
            StatusTone::Neutral,
        ),
        BackupScheduleStatus::Waiting => (
            Msg::StatusWaiting,
            Msg::StatusWaitingHelp,
            StatusTone::Running,
        ),
        BackupScheduleStatus::Abnormal => (
            Msg::StatusAbnormal,
            Msg::StatusAbnormalHelp,
            StatusTone::Failure,
        ),
        BackupScheduleStatus::Other(_) => return None,
    })
}

/// The status label alone, translated; an unknown status as sent.
pub fn status_label(status: &BackupScheduleStatus, lang: crate::i18n::Lang) -> String {
    status_msg(status).map_or_else(
        || status.as_str().to_owned(),
        |(m, _, _)| m.text(lang).to_owned(),
    )
}

#[component]
pub fn ScheduleStatusCard(
    /// `backupScheduleStatus` from the overview.
    #[prop(into)]
    status: Signal<BackupScheduleStatus>,
    /// A standby cluster cannot be backed up at all; say so instead of a schedule.
    #[prop(into, optional)]
    standby: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tone = move || status_msg(&status.get()).map_or(StatusTone::Neutral, |(_, _, t)| t);
    let help = move || match status_msg(&status.get()) {
        _ if standby.get() => i18n.t(Msg::StandbyHelp).to_owned(),
        Some((_, h, _)) => i18n.t(h).to_owned(),
        None => String::new(),
    };
    view! {
        <section class="card status-card" aria-labelledby="status-card-title">
            <h2 class="card__title" id="status-card-title">{move || i18n.t(Msg::BackupSchedule)}</h2>
            <p>
                <span
                    class=move || crate::components::status_chip::tone_class(tone())
                    data-testid="schedule-status"
                    data-status=move || status.get().as_str().to_owned()
                >
                    {move || status_label(&status.get(), i18n.lang.get())}
                </span>
            </p>
            <p class="card__help" data-testid="schedule-status-help">{help}</p>
        </section>
    }
}
