//! After submit: the restore followed to its end, from its OCP task (subtasks) and its row in
//! the target's restore list (step, outcome, error text, the point restored to), with a link
//! to the new tenant.

use super::{show_both, Wizard};
use crate::api::endpoints::TaskPageQuery;
use crate::api::use_api;
use crate::app::AppRoute;
use crate::components::server_text::ServerText;
use crate::components::task_status::TaskStatusChip;
use crate::components::TaskFollow;
use crate::i18n::{use_i18n, Msg};
use crate::pages::{use_refresh, Reload};
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::restore_wizard::{compare_restored_point, RestoreStep, RestoredPoint};
use ocp_model::task_list::{LineStatus, RestoreOutcome, TaskKind, TaskQuery};
use ocp_model::timeline::{format_millis, WindowsQuery};
use ocp_model::RestoreTask;
use std::time::Duration;

/// How often the restore's row is read while it runs.
const POLL: Duration = Duration::from_secs(2);

/// The row of this restore: the one OCP tied to the task, else the newest into the same
/// cluster under the same new name (an OCP whose rows do not carry `ocpJobId`).
fn find_row(rows: &[RestoreTask], job: i64, target: i64, name: &str) -> Option<RestoreTask> {
    rows.iter()
        .find(|r| r.ocp_job_id == Some(job))
        .or_else(|| {
            rows.iter()
                .filter(|r| {
                    r.restore_cluster_id == Some(target)
                        && r.restore_tenant_name.as_deref() == Some(name)
                })
                .max_by_key(|r| r.create_time.map(|t| t.timestamp_micros()))
        })
        .cloned()
}

#[component]
pub(super) fn RestoreFollow(job: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let w = expect_context::<Wizard>();
    let target = w.query.with_untracked(|q| q.target).unwrap_or_default();
    let name = w
        .query
        .with_untracked(|q| q.name.clone())
        .unwrap_or_default();
    let asked_us = w
        .query
        .with_untracked(|q| q.at.map(|t| t.timestamp_micros()));
    let poll = Reload::new();
    let finished = RwSignal::new(false);
    let row_name = name.clone();
    let row = LocalResource::new(move || {
        poll.track();
        let fut = api
            .task_page::<RestoreTask>(
                ocp_model::BackupScope::Cluster { cluster_id: target },
                "restoreTasks",
                &TaskPageQuery {
                    from: None,
                    to: None,
                    backup_set_id: None,
                    page: 1,
                    size: 100,
                },
            )
            .fetch();
        let name = row_name.clone();
        async move { Ok::<_, crate::api::ApiError>(find_row(&fut.await?.contents, job, target, &name)) }
    });
    let row = crate::components::Latest::of(row);
    use_refresh(POLL, move || {
        if !finished.get_untracked() {
            poll.bump();
        }
    });
    Effect::new(move || {
        if row.value.with(|r| {
            r.as_ref()
                .and_then(Option::as_ref)
                .is_some_and(|r| r.finished)
        }) {
            finished.set(true);
        }
    });
    // The new tenant, for the link, once the restore succeeded.
    let tenant_name = name.clone();
    let new_tenant = LocalResource::new(move || {
        let done = row.value.with(|r| {
            r.as_ref()
                .and_then(Option::as_ref)
                .is_some_and(|r| r.finished && r.successful)
        });
        let fut = done.then(|| api.all_tenants(target));
        let name = tenant_name.clone();
        async move {
            match fut {
                Some(f) => f
                    .await
                    .ok()
                    .and_then(|p| p.contents.into_iter().find(|t| t.name == name)),
                None => None,
            }
        }
    });
    let retry = move |_| {
        let mut q = w.query.get_untracked();
        q.job = None;
        q.step = RestoreStep::Review;
        w.open(q);
    };
    let offset = move || w.cluster_offset();
    let name_for_text = name.clone();
    // The row's time at the row's own precision (milliseconds, or microseconds when it has them).
    let reported_text = move |t: Option<i64>| {
        t.map(|t| match offset() {
            Some(o) if t % 1000 == 0 => format_millis(t, o),
            o => show_both(t, o),
        })
        .unwrap_or_default()
    };
    let row_view = move || {
        let r = row.value.get().flatten()?;
        let outcome = RestoreOutcome::of(&r);
        let status = LineStatus::Restore {
            status: r.status.clone(),
            outcome,
        };
        let reported_us = r.restore_end_time.map(|t| t.timestamp_micros());
        let point = asked_us.map(|asked| compare_restored_point(asked, reported_us));
        let point_view = (r.finished && r.successful).then(|| match point {
            Some(RestoredPoint::Same) => view! {
                <p class="notice notice--ok" data-testid="restored-point" data-match="same">
                    {i18n.fmt(Msg::RestoredPointSame, &[
                        ("asked", &show_both(asked_us.unwrap_or_default(), offset())),
                        ("reported", &reported_text(reported_us)),
                    ])}
                </p>
            }.into_any(),
            Some(RestoredPoint::Differs { asked_us, reported_us }) => view! {
                <p class="notice notice--warning" role="alert" data-testid="restored-point" data-match="differs">
                    {i18n.fmt(Msg::RestoredPointDiffers, &[("asked", &show_both(asked_us, offset())), ("reported", &reported_text(Some(reported_us)))])}
                </p>
            }.into_any(),
            _ => view! {
                <p class="notice notice--warning" data-testid="restored-point" data-match="unknown">{i18n.t(Msg::RestoredPointUnknown)}</p>
            }.into_any(),
        });
        let failed = r.finished && !r.successful;
        Some(view! {
            <div class="restore-row" data-testid="restore-row" data-finished=r.finished.to_string() data-successful=r.successful.to_string()>
                <p>
                    <span class="field__label">{i18n.t(Msg::RestoreStatus)}</span> " "
                    <TaskStatusChip status=status />
                    {r.status_desc.clone().map(|d| view! { " " <span class="muted">{d}</span> })}
                </p>
                {point_view}
                {failed.then(|| view! {
                    <div data-testid="restore-failed">
                        <ServerText text=r.error_msg.clone() label=Msg::ColError />
                        <p class="notice notice--warning" data-testid="restore-leftover">
                            {i18n.fmt(Msg::RestoreLeftover, &[
                                ("name", r.restore_tenant_name.as_deref().unwrap_or(&name_for_text)),
                                ("cluster", r.restore_cluster_name.as_deref().unwrap_or("")),
                            ])}
                        </p>
                        <button type="button" class="button" data-testid="restore-again" on:click=retry>
                            {i18n.t(Msg::RestoreAgain)}
                        </button>
                    </div>
                })}
            </div>
        })
    };
    let links = move || {
        let tenant = new_tenant.get().flatten()?;
        let windows = AppRoute::Windows {
            cluster_id: target,
            query: WindowsQuery {
                tenant: Some(tenant.id),
                ..Default::default()
            },
        }
        .href();
        Some(view! {
            <p class="notice notice--ok" data-testid="new-tenant">
                {i18n.fmt(Msg::NewTenantReady, &[("name", &tenant.name)])} " "
                <A href=AppRoute::Overview { cluster_id: target }.href() attr:data-testid="new-tenant-cluster">
                    {i18n.t(Msg::OpenTargetCluster)}
                </A>
                " · "
                <A href=windows attr:data-testid="new-tenant-windows">{i18n.t(Msg::OpenTenantWindows)}</A>
            </p>
        })
    };
    let list = AppRoute::Tasks {
        cluster_id: target,
        query: TaskQuery {
            kind: TaskKind::Restore,
            ..Default::default()
        },
    }
    .href();
    view! {
        <div class="restore-follow" data-testid="restore-follow">
            <h2>{move || i18n.fmt(Msg::RestoreFollowTitle, &[("name", &name)])}</h2>
            {move || row.error.get().map(|e| view! { <crate::components::ErrorView error=e /> })}
            {row_view}
            {links}
            <TaskFollow task_id=job cluster_id=target />
            <p><A href=list>{move || i18n.t(Msg::AllRestores)}</A></p>
        </div>
    }
}
