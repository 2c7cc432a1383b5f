//! The strategy checks beside the editor's preview, live as the schedule is edited: month days
//! some months lack, full backups further apart than the retention, incrementals with nothing
//! to build on, a paused schedule, a cleanup during the usual backup. They warn; they never
//! block saving (the server decides).

use crate::api::use_api;
use crate::clock::use_clock;
use crate::components::health_panel::severity_msg;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::health::{average_backup_secs, check_strategy, StrategyFacts};
use ocp_model::strategy_form::StrategyDraft;

#[component]
pub fn StrategyWarnings(
    scope: ocp_model::BackupScope,
    draft: RwSignal<StrategyDraft>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    // Recent backups, for how long one usually takes (the cleanup check).
    let recent = LocalResource::new(move || api.data_backup_tasks(scope, 1, 20).fetch());
    let average = Memo::new(move |_| {
        recent
            .get()
            .and_then(Result::ok)
            .and_then(|p| average_backup_secs(&p.contents))
    });
    let day = Memo::new(move |_| clock.now_ms.get() / 3_600_000);
    let findings = Memo::new(move |_| {
        day.track();
        draft.with(|d| {
            let offset = d.offset();
            let today = clock.now_utc().with_timezone(&offset).date_naive();
            check_strategy(&StrategyFacts {
                schedule: &d.schedule_config(),
                from: today,
                average_backup_secs: average.get(),
            })
        })
    });
    move || {
        let list = findings.get();
        if list.is_empty() {
            return view! {
                <p class="strategy-warnings__none muted" data-testid="strategy-checks-clear">
                    {i18n.t(Msg::StrategyChecksClear)}
                </p>
            }
            .into_any();
        }
        let offset = draft.with_untracked(StrategyDraft::offset);
        view! {
            <div class="strategy-warnings" role="status" data-testid="strategy-warnings">
                <h3 class="card__subtitle">{i18n.t(Msg::StrategyChecksTitle)}</h3>
                <ul class="health__list">
                    {list.into_iter().map(|f| {
                        let text = f.message(i18n.lang.get(), offset);
                        let severity = f.severity;
                        view! {
                            <li class=format!("health__item health__item--{}", severity.as_str())
                                data-testid="strategy-warning" data-rule=f.key() data-severity=severity.as_str()>
                                <span class=format!("chip health__severity health__severity--{}", severity.as_str())>
                                    {i18n.t(severity_msg(severity))}
                                </span>
                                <div class="health__text">
                                    <p class="health__what">{text.what}</p>
                                    <p class="health__why">{text.why}</p>
                                    <p class="health__action">{text.action}</p>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="muted">{i18n.t(Msg::StrategyChecksNotBlocking)}</p>
            </div>
        }
        .into_any()
    }
}
