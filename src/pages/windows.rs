//! `/clusters/:id/windows?tenant=&at=&end=`: the recoverable-window timeline of the 7 days
//! before `end` (now by default), for the union over tenants or one tenant, and the picker of a
//! restore point. Everything a person would share is in the URL (`WindowsQuery`); the windows
//! are rebuilt from every read and never kept across refreshes.

use crate::api::{use_api, ApiError};
use crate::app::AppRoute;
use crate::clock::{browser_offset_at, use_clock, TimeDisplay};
use crate::components::timeline::TimeFmt;
use crate::components::{Choice, ErrorView, RadioChoice, Skeleton, Timeline, TimelineTables};
use crate::i18n::{use_i18n, Msg};
use crate::pages::{use_refresh, use_scope, Reload};
use chrono::{FixedOffset, TimeZone};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use ocp_model::restore_wizard::RestoreQuery;
use ocp_model::task_list::{TaskKind, TaskQuery, TimeRange};
use ocp_model::time::{format_offset, offset_hours};
use ocp_model::timeline::lanes::{build_lanes, cluster_offset, Lanes, Scope};
use ocp_model::timeline::{View, WindowsQuery, US_PER_DAY};
use ocp_model::{BackupInfo, BackupScope, OcpTime, RecoverableTime};
use std::time::Duration;

/// How often "the last 7 days" re-reads while open; an earlier week does not change.
const REFRESH: Duration = Duration::from_secs(30);
const WEEK_US: i64 = 7 * US_PER_DAY;
const NOW_ROOM_US: i64 = 2 * ocp_model::timeline::US_PER_HOUR;

/// An instant (µs) as a time with `offset`; `None` only out of chrono's range.
fn at_offset<S>(t_us: i64, offset: FixedOffset) -> Option<OcpTime<S>> {
    offset.timestamp_micros(t_us).single().map(OcpTime::new)
}

/// One read: the answer and the stretch it was asked for (µs).
#[derive(Clone, Debug, PartialEq)]
struct Read {
    info: BackupInfo,
    start_us: i64,
    end_us: i64,
}

#[component]
pub fn WindowsPage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    // A cluster's windows, or one tenant's (`/clusters/:id/tenants/:tenantId/windows`).
    let page_scope = use_scope();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map
            .with(|m| WindowsQuery::from_pairs(m.latest_values().map(|(k, v)| (k.as_ref(), v))))
    });
    let end_us = Memo::new(move |_| query.with(|q| q.end.map(|e| e.timestamp_micros())));
    // The stretch drawn: the 7 days before `end=`, else before now when "now" was asked for.
    let range = Memo::new(move |_| match end_us.get() {
        Some(end) => View::last_days(end, 7),
        None => {
            // Two hours of room on the right, where the now-line moves on.
            let now = clock.now_ms.get_untracked().saturating_mul(1000);
            let week = View::last_days(now, 7);
            View {
                to_us: week.to_us + NOW_ROOM_US,
                ..week
            }
        }
    });
    let reload = Reload::new();
    let read = LocalResource::new(move || {
        reload.track();
        let fixed_end = end_us.get();
        // "Now" moves on with the server's clock at every refresh.
        let end = fixed_end.unwrap_or_else(|| clock.now_ms.get_untracked().saturating_mul(1000));
        let start = end - WEEK_US;
        // Explicit offsets: the one `end=` was written in, else the browser's.
        let offset = query
            .with_untracked(|q| q.end.map(|e| e.offset()))
            .unwrap_or_else(|| browser_offset_at(end / 1000));
        let fut = page_scope.get().and_then(|scope| {
            // "Now" is OCP's: asked up to the room drawn past the browser's idea of it, so a
            // server clock ahead of the browser's (its skew not yet known after a reload) still
            // gives its newest windows.
            let ask_end = if fixed_end.is_some() {
                end
            } else {
                end + NOW_ROOM_US
            };
            let (s, e) = at_offset(start, offset)
                .zip(at_offset(ask_end, offset))
                .ok_or_else(|| ApiError::Network("time out of range".to_owned()))?;
            Ok(api.backup_info_range(scope, s, e).fetch())
        });
        async move {
            let info = fut?.await?;
            Ok::<_, ApiError>(Read {
                info,
                start_us: start,
                end_us: end,
            })
        }
    });
    use_refresh(REFRESH, move || {
        if end_us.get_untracked().is_none() {
            reload.bump();
        }
    });
    // The latest good read, and the latest error.
    let value = Memo::new(move |prev: Option<&Option<Read>>| match read.get() {
        Some(Ok(v)) => Some(v),
        _ => prev.cloned().flatten(),
    });
    let error = Memo::new(move |_| read.get().and_then(Result::err));
    let loaded = Memo::new(move |_| value.with(Option::is_some));

    // On a tenant's page, its lane is the one shown.
    let scope = Memo::new(move |_| {
        let page_tenant = page_scope.with(|s| s.as_ref().ok().and_then(BackupScope::tenant_id));
        Scope::from_tenant(query.with(|q| q.tenant).or(page_tenant))
    });
    // Rebuilt from each read: `None` when the answer has no such tenant.
    let built =
        Memo::new(move |_| value.with(|v| v.as_ref().map(|r| build_lanes(&r.info, scope.get()))));
    let lanes = Signal::derive(move || built.get().flatten().unwrap_or_default());
    let cluster_off =
        Memo::new(move |_| value.with(|v| v.as_ref().and_then(|r| cluster_offset(&r.info))));
    let fmt = Signal::derive(move || match clock.display.get() {
        TimeDisplay::Cluster => TimeFmt::Fixed(
            cluster_off
                .get()
                .unwrap_or_else(|| browser_offset_at(clock.now_ms.get_untracked())),
        ),
        TimeDisplay::Browser => TimeFmt::Browser,
        TimeDisplay::Utc => TimeFmt::Fixed(offset_hours(0)),
    });
    let picked = Memo::new(move |_| query.with(|q| q.at.map(|t| t.timestamp_micros())));
    let now_us = Signal::derive(move || Some(clock.now_ms.get().saturating_mul(1000)));

    let navigate = use_navigate();
    let go = Callback::new(move |q: WindowsQuery| {
        if let Ok(scope) = page_scope.get_untracked() {
            navigate(
                &AppRoute::windows_of(scope, q).href(),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    // The chosen point goes into the URL to the µs, in the offset it was shown in.
    let on_pick = Callback::new(move |at_us: i64| {
        let offset = fmt.get_untracked().offset_at(at_us);
        let at: Option<RecoverableTime> = at_offset(at_us, offset);
        go.run(WindowsQuery {
            at,
            ..query.get_untracked()
        });
    });
    let log_tasks = Callback::new(move |(from, to): (i64, i64)| {
        let offset = fmt.get_untracked().offset_at(from);
        let scope = page_scope
            .get_untracked()
            .unwrap_or(BackupScope::Cluster { cluster_id: 0 });
        AppRoute::tasks_of(
            scope,
            TaskQuery {
                range: TimeRange::Custom {
                    from: at_offset(from, offset),
                    to: at_offset(to, offset),
                },
                ..TaskQuery::default().with_kind(TaskKind::Log)
            },
        )
        .href()
    });
    let retry = Callback::new(move |_| {
        api.retry();
        reload.bump();
    });
    let name = move || {
        value.with(|v| {
            v.as_ref()
                .map(
                    |r| match page_scope.get().ok().and_then(|s| s.tenant_id()) {
                        // A tenant's page names the tenant after its cluster.
                        Some(t) => match r.info.tenant(t) {
                            Some(i) => format!("{} / {}", r.info.cluster_name, i.tenant_name),
                            None => r.info.cluster_name.clone(),
                        },
                        None => r.info.cluster_name.clone(),
                    },
                )
                .unwrap_or_default()
        })
    };

    let body = move || {
        match (loaded.get(), error.get()) {
        (false, None) => view! { <Skeleton lines=8 /> }.into_any(),
        (false, Some(e)) => view! { <ErrorView error=e on_retry=retry /> }.into_any(),
        (true, e) => view! {
            {e.map(|e| view! {
                <p class="refresh-failed" role="status" data-testid="refresh-failed">
                    {i18n.t(Msg::RefreshFailed)} " " {e.user_message(i18n.lang.get_untracked()).title}
                </p>
            })}
            <Controls scope=page_scope.get_untracked().unwrap_or(BackupScope::Cluster { cluster_id: 0 }) query value fmt cluster_off />
            {move || match built.get() {
                Some(None) => view! { <UnknownTenant query go /> }.into_any(),
                _ => view! {
                    <section class="card timeline-card">
                        <Timeline lanes range now_us fmt picked on_pick log_tasks=log_tasks />
                        <Chosen lanes picked fmt query on_pick scope=page_scope.get_untracked().ok() />
                    </section>
                    <TimelineTables lanes=Memo::new(move |_| lanes.get()) fmt log_tasks=log_tasks />
                }.into_any(),
            }}
        }.into_any(),
    }
    };
    view! {
        <section class="page windows-page">
            {move || match page_scope.get() {
                Err(e) => view! { <ErrorView error=e on_retry=retry /> }.into_any(),
                Ok(scope) => view! {
                    <header class="page__head">
                        <div>
                            <p class="breadcrumb"><A href=AppRoute::overview_of(scope).href()>{name}</A></p>
                            <h1>{move || i18n.t(Msg::WinPageTitle)}</h1>
                        </div>
                        <A href=AppRoute::tasks_of(scope, TaskQuery::default().with_kind(TaskKind::Log)).href() attr:class="button" attr:data-testid="log-tasks">
                            {move || i18n.t(Msg::TabLog)}
                        </A>
                    </header>
                    {body}
                }.into_any(),
            }}
        </section>
    }
}

/// Tenant, offset and week.
#[component]
fn Controls(
    scope: BackupScope,
    query: Memo<WindowsQuery>,
    value: Memo<Option<Read>>,
    fmt: Signal<TimeFmt>,
    cluster_off: Memo<Option<FixedOffset>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let tenants = Memo::new(move |_| {
        value.with(|v| {
            v.as_ref()
                .map(|r| {
                    r.info
                        .tenant_backup_infos
                        .iter()
                        .map(|t| (t.tenant_id, t.tenant_name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let navigate = use_navigate();
    let href = move |q: WindowsQuery| AppRoute::windows_of(scope, q).href();
    let on_tenant = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let q = WindowsQuery {
            tenant: v.parse().ok(),
            ..query.get_untracked()
        };
        navigate(
            &href(q),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let offset_label = move |d: TimeDisplay| {
        Signal::derive(move || {
            let now = clock.now_ms.get_untracked();
            let (msg, off) = match d {
                TimeDisplay::Cluster => (
                    Msg::WinOffsetCluster,
                    cluster_off.get().unwrap_or_else(|| browser_offset_at(now)),
                ),
                TimeDisplay::Browser => (Msg::WinOffsetBrowser, browser_offset_at(now)),
                TimeDisplay::Utc => (Msg::WinOffsetUtc, offset_hours(0)),
            };
            format!("{} ({})", i18n.t(msg), format_offset(off))
        })
    };
    // Paging by whole weeks; a week reaching now is "now" again.
    let week = move |delta: i64| {
        let q = query.get();
        let end = value
            .with(|v| v.as_ref().map(|r| r.end_us))
            .unwrap_or_default()
            + delta * WEEK_US;
        let now = clock.now_ms.get_untracked().saturating_mul(1000);
        // The offset the link was written in stays; else the one times are shown in.
        let off = q
            .end
            .map_or_else(|| fmt.get().offset_at(end), |e| e.offset());
        WindowsQuery {
            end: if end >= now {
                None
            } else {
                at_offset(end, off)
            },
            ..q
        }
    };
    let stretch = move || {
        let f = fmt.get();
        value.with(|v| {
            v.as_ref()
                .map(|r| format!("{} → {}", f.show(r.start_us), f.show(r.end_us)))
        })
    };
    view! {
        <div class="windows-controls" data-testid="windows-controls">
            <label class="filters__field">
                <span>{move || i18n.t(Msg::WinScope)}</span>
                <select data-testid="tenant-select" on:change=on_tenant>
                    <option value="" selected=move || query.with(|q| q.tenant.is_none())>{move || i18n.t(Msg::WinUnion)}</option>
                    <For each=move || tenants.get() key=|t| t.clone() let:t>
                        {
                            let id = t.0;
                            view! { <option value=id.to_string() selected=move || query.with(|q| q.tenant == Some(id))>{t.1.clone()}</option> }
                        }
                    </For>
                </select>
            </label>
            <RadioChoice
                name="windows-offset"
                label=Signal::derive(move || i18n.t(Msg::WinOffset).to_owned())
                options=TimeDisplay::ALL.into_iter().map(|d| Choice::new(d, d.as_str(), offset_label(d))).collect()
                selected=clock.display
                on_choose=Callback::new(move |d| clock.set_display(d))
                segmented=true
            />
            <nav class="windows-controls__weeks" aria-label=move || i18n.t(Msg::WinLastWeek)>
                <a class="button" data-testid="week-earlier" href=move || href(week(-1))>{move || i18n.t(Msg::WinEarlier)}</a>
                <span class="windows-controls__stretch time" data-testid="stretch">{stretch}</span>
                <Show when=move || query.with(|q| q.end.is_some())>
                    <a class="button" data-testid="week-later" href=move || href(week(1))>{move || i18n.t(Msg::WinLater)}</a>
                    <a class="button" data-testid="week-now" href=move || href(WindowsQuery { end: None, ..query.get() })>{move || i18n.t(Msg::WinLastWeek)}</a>
                </Show>
            </nav>
        </div>
    }
}

#[component]
fn UnknownTenant(query: Memo<WindowsQuery>, go: Callback<WindowsQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let id = move || query.with(|q| q.tenant.map(|t| t.to_string()).unwrap_or_default());
    view! {
        <div class="card" data-testid="unknown-tenant">
            <p>{move || i18n.fmt(Msg::WinUnknownTenant, &[("id", &id())])}</p>
            <button type="button" class="button" on:click=move |_| go.run(WindowsQuery { tenant: None, ..query.get_untracked() })>
                {move || i18n.t(Msg::WinShowUnion)}
            </button>
        </div>
    }
}

/// The chosen point, the way to restore to it, and the "Latest" shortcut.
#[component]
fn Chosen(
    lanes: Signal<Lanes>,
    picked: Memo<Option<i64>>,
    fmt: Signal<TimeFmt>,
    query: Memo<WindowsQuery>,
    on_pick: Callback<i64>,
    /// The page's cluster or tenant: a tenant's restore starts from its own windows.
    scope: Option<BackupScope>,
) -> impl IntoView {
    let i18n = use_i18n();
    let latest = Memo::new(move |_| lanes.with(|l| l.windows.latest()));
    let inside = move || {
        picked
            .get()
            .is_some_and(|t| lanes.with(|l| l.windows.contains(t)))
    };
    let restore_href = move || {
        let q = query.get();
        scope.map(|scope| {
            AppRoute::Restore {
                cluster_id: scope.cluster_id(),
                query: RestoreQuery {
                    tenant: q.tenant.or(scope.tenant_id()),
                    at: q.at,
                    from_tenant: scope.is_tenant(),
                    ..Default::default()
                },
            }
            .href()
        })
    };
    view! {
        <div class="timeline-chosen" data-testid="chosen">
            <div class="timeline-chosen__point">
                <span class="muted">{move || i18n.t(Msg::WinPicked)} ": "</span>
                <strong class="time" data-testid="chosen-time">
                    {move || picked.get().map_or_else(|| i18n.t(Msg::WinNoPick).to_owned(), |t| fmt.get().show(t))}
                </strong>
                <Show when=move || picked.get().is_some() && !inside()>
                    <span class="timeline-chosen__warn" data-testid="chosen-outside">{move || i18n.t(Msg::WinPickedOutside)}</span>
                </Show>
            </div>
            <div class="timeline-chosen__actions">
                <button type="button" class="button" data-testid="pick-latest" disabled=move || latest.get().is_none()
                    on:click=move |_| if let Some(t) = latest.get_untracked() { on_pick.run(t) }>
                    {move || i18n.t(Msg::WinLatest)}
                </button>
                <Show when=inside>
                    <a class="button button--primary" data-testid="restore-here" href=restore_href>
                        {move || i18n.t(Msg::WinRestoreHere)}
                    </a>
                </Show>
            </div>
        </div>
    }
}
