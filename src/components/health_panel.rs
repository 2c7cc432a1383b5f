//! The health panel: what is wrong with a cluster's backups, most severe first, each with why
//! it matters and a link to where it is fixed; one calm line when all is well.

use crate::app::AppRoute;
use crate::clock::{browser_offset_at, use_clock};
use crate::i18n::{use_i18n, Msg};
use chrono::FixedOffset;
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::health::{Finding, Fix, Severity};
use ocp_model::task_list::{TaskKind, TaskQuery};
use ocp_model::timeline::{WindowsQuery, US_PER_DAY};
use ocp_model::validate::fields;
use ocp_model::RecoverableTime;

pub fn severity_msg(s: Severity) -> Msg {
    match s {
        Severity::Critical => Msg::SeverityCritical,
        Severity::Warning => Msg::SeverityWarning,
        Severity::Info => Msg::SeverityInfo,
    }
}

/// The link a finding's fix goes to, and its words; `None` when there is nothing to open.
fn fix_link(
    fix: &Fix,
    scope: ocp_model::BackupScope,
    now_us: i64,
    offset: FixedOffset,
    tenant_ids: &[(String, i64)],
) -> Option<(String, Msg)> {
    let cluster_id = scope.cluster_id();
    Some(match fix {
        Fix::Nothing => return None,
        Fix::TenantTimeline(name) => {
            let tenant = tenant_ids
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id);
            let query = WindowsQuery {
                tenant,
                ..Default::default()
            };
            (AppRoute::windows_of(scope, query).href(), Msg::FixTimeline)
        }
        Fix::Strategy { field } => {
            // The editor scrolls to and focuses the element the fragment names.
            let anchor = match *field {
                Some(fields::RETENTION_DAYS) => "#retention-days",
                Some(fields::CLEAN_TIME) => "#clean-time",
                Some(fields::DAYS) => "#schedule-grid",
                Some(fields::SCHEDULE) => "#schedule-enabled",
                _ => "",
            };
            (
                format!("{}{anchor}", AppRoute::strategy_of(scope).href()),
                Msg::FixStrategy,
            )
        }
        Fix::CreateStrategy => (AppRoute::strategy_of(scope).href(), Msg::FixCreateStrategy),
        Fix::Task(task_id) => (
            AppRoute::TaskDetail {
                cluster_id,
                task_id: *task_id,
            }
            .href(),
            Msg::FixTask,
        ),
        Fix::LogTasks | Fix::DataTasks => {
            let kind = if *fix == Fix::LogTasks {
                TaskKind::Log
            } else {
                TaskKind::Data
            };
            let query = TaskQuery {
                kind,
                ..Default::default()
            };
            (AppRoute::tasks_of(scope, query).href(), Msg::FixTasks)
        }
        Fix::Timeline(t_us) => {
            // The week around the instant, unless it is in the last days anyway.
            let end = (*t_us + 3 * US_PER_DAY < now_us)
                .then(|| RecoverableTime::from_micros(t_us + 3 * US_PER_DAY, offset))
                .flatten();
            let query = WindowsQuery {
                end,
                ..Default::default()
            };
            (AppRoute::windows_of(scope, query).href(), Msg::FixTimeline)
        }
    })
}

#[component]
pub fn HealthPanel(
    /// The findings, most severe first; `None` while what they need is still being read.
    #[prop(into)]
    findings: Signal<Option<Vec<Finding>>>,
    /// The cluster or tenant the findings are about: their links go to its pages.
    scope: ocp_model::BackupScope,
    /// The offset OCP writes the cluster's times in (else the browser's is used, and shown).
    #[prop(into)]
    offset: Signal<Option<FixedOffset>>,
    /// The cluster's tenants (name, OCP id), for links to one tenant's timeline.
    #[prop(optional, into)]
    tenants: Signal<Vec<(String, i64)>>,
) -> impl IntoView {
    let calm = if scope.is_tenant() {
        Msg::HealthCalmTenant
    } else {
        Msg::HealthCalm
    };
    let i18n = use_i18n();
    let clock = use_clock();
    let item = move |f: Finding| {
        let now_us = clock.now_ms.get_untracked() * 1000;
        let offset = offset
            .get_untracked()
            .unwrap_or_else(|| browser_offset_at(now_us / 1000));
        let text = f.message(i18n.lang.get(), offset);
        let link = fix_link(&f.fix(), scope, now_us, offset, &tenants.get_untracked());
        let severity = f.severity;
        view! {
            <li class=format!("health__item health__item--{}", severity.as_str())
                data-testid="health-finding" data-rule=f.key() data-severity=severity.as_str()>
                <span class=format!("chip health__severity health__severity--{}", severity.as_str())>
                    <span aria-hidden="true">{if severity == Severity::Critical { "✗ " } else if severity == Severity::Warning { "⚠ " } else { "ℹ " }}</span>
                    {i18n.t(severity_msg(severity))}
                </span>
                <div class="health__text">
                    <p class="health__what">{text.what}</p>
                    <p class="health__why">{text.why}</p>
                    <p class="health__action">
                        {text.action} " "
                        {link.map(|(href, msg)| view! { <A href=href attr:data-testid="health-fix">{i18n.t(msg)}</A> })}
                    </p>
                </div>
            </li>
        }
    };
    view! {
        <section class="card health" aria-labelledby="health-title" data-testid="health-panel">
            <h2 class="card__title" id="health-title">{move || i18n.t(Msg::HealthTitle)}</h2>
            {move || match findings.get() {
                None => view! { <crate::components::Skeleton lines=2 /> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="health__calm" data-testid="health-calm">
                        <span aria-hidden="true">"✓ "</span>{i18n.t(calm)}
                    </p>
                }.into_any(),
                Some(list) => view! {
                    <ul class="health__list">{list.into_iter().map(item).collect_view()}</ul>
                }.into_any(),
            }}
        </section>
    }
}
