//! Step 1: what is restored and to which instant. An ONLINE source is a tenant OCP manages,
//! its point picked on the timeline, "latest", or typed; an OFFLINE source is a backup at a
//! storage path, named by its cluster and tenant.

use super::{load_error, show_both, StepNav, Wizard};
use crate::app::AppRoute;
use crate::clock::{browser_offset_at, use_clock};
use crate::components::field_input::PointInput;
use crate::i18n::{use_i18n, Msg};
use chrono::FixedOffset;
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::restore_wizard::{check_point, OfflineSource, PointVerdict, RestoreStep};
use ocp_model::timeline::{format_micros, RecoverableWindows, WindowsQuery};
use ocp_model::{RecoverableTime, StorageType};

#[component]
pub(super) fn SourceStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let clock = use_clock();
    let offline = Memo::new(move |_| w.query.with(|q| q.offline.is_some()));
    let set_offline = move |on: bool| {
        w.edit(|q| {
            q.offline = on.then(OfflineSource::default);
            if on {
                q.tenant = None;
            }
        })
    };
    view! {
        <fieldset class="wizard-choice" data-testid="source-kind">
            <legend>{move || i18n.t(Msg::RestoreSourceKind)}</legend>
            <label>
                <input type="radio" name="source-kind" data-testid="source-online"
                    prop:checked=move || !offline.get() on:change=move |_| set_offline(false) />
                {move || i18n.t(Msg::RestoreSourceOnline)}
            </label>
            <label>
                <input type="radio" name="source-kind" data-testid="source-offline"
                    prop:checked=move || offline.get() on:change=move |_| set_offline(true) />
                {move || i18n.t(Msg::RestoreSourceOffline)}
            </label>
        </fieldset>
        {move || if offline.get() {
            view! { <OfflineSourceFields /> }.into_any()
        } else {
            view! { <OnlineSource /> }.into_any()
        }}
        <PointChoice />
        <StepNav next=RestoreStep::Target ready=Signal::derive(move || {
            let verdict_ok = point_verdict(&w, clock.now_ms.get() * 1000).passes();
            w.query.with(|q| q.has_source()) && verdict_ok
        }) />
    }
}

/// The windows the point must fall in: the chosen tenant's, rebuilt from the latest answer;
/// `None` for an OFFLINE source (OCP checks it).
fn source_windows(w: &Wizard) -> Option<RecoverableWindows> {
    let tenant = w.query.with(|q| q.tenant)?;
    Some(w.info.value.with(|i| {
        i.as_ref()
            .and_then(|i| i.tenant(tenant))
            .map(|t| t.ob_recoverable_info_aggregation.recoverable_windows())
            .unwrap_or_default()
    }))
}

/// What a verdict on the point says (an outside point's nearest points are shown beside it).
pub(super) fn verdict_msg(v: &PointVerdict) -> Msg {
    match v {
        PointVerdict::Inside => Msg::RestorePointInside,
        PointVerdict::CheckedByOcp => Msg::RestorePointCheckedByOcp,
        PointVerdict::Missing => Msg::RestorePointMissing,
        PointVerdict::NoSource => Msg::RestorePointNoSource,
        PointVerdict::Future => Msg::RestorePointFuture,
        PointVerdict::NoWindow => Msg::RestoreNoWindow,
        PointVerdict::Outside { .. } => Msg::RestorePointOutside,
    }
}

/// The nearest valid points of a refused point, to the microsecond, `a / b`.
pub(super) fn nearest_text(v: &PointVerdict, offset: Option<FixedOffset>) -> String {
    match *v {
        PointVerdict::Outside {
            before_us,
            after_us,
        } => [before_us, after_us]
            .into_iter()
            .flatten()
            .map(|t| show_both(t, offset))
            .collect::<Vec<_>>()
            .join(" / "),
        _ => String::new(),
    }
}

/// Where the chosen point stands, against the server's now (µs).
pub(super) fn point_verdict(w: &Wizard, now_us: i64) -> PointVerdict {
    let at = w.query.with(|q| q.at.map(|t| t.timestamp_micros()));
    if w.query.with(|q| q.offline.is_some()) {
        return check_point(at, None, now_us);
    }
    if w.query.with(|q| q.tenant.is_none()) {
        return PointVerdict::NoSource;
    }
    check_point(at, source_windows(w).as_ref(), now_us)
}

#[component]
fn OnlineSource() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let tenants = move || {
        w.info.value.with(|i| {
            i.as_ref()
                .map(|i| {
                    i.tenant_backup_infos
                        .iter()
                        .map(|t| (t.tenant_id, t.tenant_name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let on_pick = move |ev| {
        let v = event_target_value(&ev);
        w.edit(|q| q.tenant = v.parse().ok());
    };
    view! {
        {move || w.info.error.get().filter(|_| w.info.value.with(Option::is_none)).map(load_error)}
        <label class="field">
            <span class="field__label">{move || i18n.t(Msg::RestoreSourceTenant)}</span>
            <select data-testid="source-tenant" on:change=on_pick>
                <option value="" selected=move || w.query.with(|q| q.tenant.is_none())>
                    {move || i18n.t(Msg::ChooseOne)}
                </option>
                {move || tenants().into_iter().map(|(id, name)| {
                    let selected = move || w.query.with(|q| q.tenant == Some(id));
                    view! { <option value=id.to_string() selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </label>
        <TenantWindows />
    }
}

/// An instant to the microsecond in the cluster's offset, and below it in the browser's when
/// that differs.
#[component]
pub(super) fn TimeBoth(t_us: i64, offset: Option<FixedOffset>) -> impl IntoView {
    let browser = browser_offset_at(t_us.div_euclid(1000));
    let main = offset.unwrap_or(browser);
    view! {
        <span class="time-both">
            <span class="mono">{format_micros(t_us, main)}</span>
            {(main != browser).then(|| view! { <span class="time-both__other muted mono">{format_micros(t_us, browser)}</span> })}
        </span>
    }
}

/// The chosen tenant's windows, with "latest" and a link to pick on the timeline.
#[component]
fn TenantWindows() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let windows = Memo::new(move |_| source_windows(&w));
    let offset = move || w.cluster_offset();
    let latest = move |_| {
        let Some(end) = windows.with(|ws| ws.as_ref().and_then(RecoverableWindows::latest)) else {
            return;
        };
        let Some(offset) = offset() else { return };
        w.edit(|q| q.at = RecoverableTime::from_micros(end, offset));
    };
    move || {
        let tenant = w.query.with(|q| q.tenant)?;
        let ws = windows.get()?;
        let empty = ws.is_empty();
        let rows = ws
            .windows()
            .iter()
            .map(|win| {
                view! {
                    <tr data-testid="source-window">
                        <td><TimeBoth t_us=win.start_us offset=offset() /></td>
                        <td><TimeBoth t_us=win.end_us offset=offset() /></td>
                        <td>{ocp_model::timeline::lanes::format_span(win.len_us(), i18n.lang.get_untracked())}</td>
                    </tr>
                }
            })
            .collect_view();
        // Opened from a tenant, its own timeline (the windows read here).
        let timeline = AppRoute::windows_of(
            w.query.with(|q| q.windows_scope(w.cluster_id)),
            WindowsQuery {
                tenant: Some(tenant),
                at: w.query.with(|q| q.at),
                end: None,
            },
        )
        .href();
        Some(view! {
            <div class="source-windows">
                <h2>{move || i18n.fmt(Msg::RestoreWindowsCount, &[("n", &ws.len().to_string())])}</h2>
                {empty.then(|| view! {
                    <p class="notice notice--warning" role="status" data-testid="source-no-window">
                        {move || i18n.t(Msg::RestoreNoWindow)}
                    </p>
                })}
                {(!empty).then(|| view! {
                <div class="table-wrap">
                    <table class="source-windows__table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(Msg::WindowFrom)}</th>
                                <th scope="col">{move || i18n.t(Msg::WindowTo)}</th>
                                <th scope="col">{move || i18n.t(Msg::WindowLength)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                })}
                <div class="button-row">
                    <button type="button" class="button" data-testid="pick-latest" on:click=latest
                        disabled=move || windows.with(|w| w.as_ref().is_none_or(|w| w.is_empty()))>
                        {move || i18n.t(Msg::RestoreLatest)}
                    </button>
                    <A href=timeline attr:class="button" attr:data-testid="pick-on-timeline">
                        {move || i18n.t(Msg::RestorePickOnTimeline)}
                    </A>
                </div>
            </div>
        })
    }
}

#[component]
fn OfflineSourceFields() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let get = move |f: fn(&OfflineSource) -> String| {
        move || {
            w.query
                .with(|q| q.offline.as_ref().map(f).unwrap_or_default())
        }
    };
    let set = move |f: fn(&mut OfflineSource, String)| {
        move |ev| {
            let v = event_target_value(&ev);
            w.edit(|q| {
                if let Some(o) = q.offline.as_mut() {
                    f(o, v)
                }
            })
        }
    };
    let credentials_in_path = move || {
        w.query.with(|q| {
            q.offline
                .as_ref()
                .is_some_and(OfflineSource::path_has_credentials)
        })
    };
    let storages = [
        (StorageType::File, "FILE"),
        (StorageType::Oss, "OSS"),
        (StorageType::Cos, "COS"),
        (StorageType::S3, "S3"),
    ];
    view! {
        <p class="muted">{move || i18n.t(Msg::RestoreOfflineHelp)}</p>
        <label class="field">
            <span class="field__label">{move || i18n.t(Msg::RestoreOfflineCluster)}</span>
            <input type="text" data-testid="offline-cluster" prop:value=get(|o| o.cluster_name.clone())
                on:input=set(|o, v| o.cluster_name = v) />
        </label>
        <label class="field">
            <span class="field__label">{move || i18n.t(Msg::RestoreOfflineTenant)}</span>
            <input type="text" data-testid="offline-tenant" prop:value=get(|o| o.tenant_name.clone())
                on:input=set(|o, v| o.tenant_name = v) />
        </label>
        <label class="field">
            <span class="field__label">{move || i18n.t(Msg::StorageType)}</span>
            <select data-testid="offline-storage" on:change=set(|o, v| o.storage = StorageType::from_wire(&v))>
                {storages.into_iter().map(|(s, label)| {
                    let wire = s.as_str().to_owned();
                    let selected = move || w.query.with(|q| q.offline.as_ref().is_some_and(|o| o.storage == s));
                    view! { <option value=wire selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </label>
        <label class="field">
            <span class="field__label">{move || i18n.t(Msg::RestoreOfflinePath)}</span>
            <input type="text" data-testid="offline-path" prop:value=get(|o| o.path.clone())
                on:input=move |ev| {
                    // Credentials never reach the URL: they are masked at once, and refused.
                    let v = event_target_value(&ev);
                    let masked = ocp_model::secrets::redact(&v);
                    w.edit(|q| {
                        if let Some(o) = q.offline.as_mut() {
                            o.path = masked;
                        }
                    })
                } />
        </label>
        <Show when=move || w.query.with(|q| q.offline.as_ref().is_some_and(OfflineSource::path_has_scheme))>
            <p class="field__error" role="alert" data-testid="offline-path-scheme">
                {move || i18n.t(Msg::RestoreOfflinePathScheme)}
            </p>
        </Show>
        <Show when=credentials_in_path>
            <p class="field__error" role="alert" data-testid="offline-path-secret">
                {move || i18n.t(Msg::RestoreOfflinePathSecret)}
            </p>
        </Show>
    }
}

/// The point: shown to the microsecond in the cluster's and the browser's offset, checked
/// against the windows, and typed as date, time and microseconds in an explicit offset.
#[component]
fn PointChoice() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let clock = use_clock();
    let verdict = Memo::new(move |_| point_verdict(&w, clock.now_ms.get() * 1000));
    let use_point = move |t_us: i64| {
        if let Some(offset) = w.cluster_offset() {
            w.edit(|q| q.at = RecoverableTime::from_micros(t_us, offset));
        }
    };
    let nearest = move |label: Msg, t: Option<i64>| {
        t.map(|t| {
            view! {
                <button type="button" class="button" data-testid="use-nearest" on:click=move |_| use_point(t)>
                    {move || i18n.fmt(label, &[("time", &show_both(t, w.cluster_offset()))])}
                </button>
            }
        })
    };
    let message = move || {
        let v = verdict.get();
        let at = w.query.with(|q| q.at.map(|t| t.timestamp_micros()));
        let text = i18n.t(verdict_msg(&v));
        let class = if v.passes() {
            "notice notice--ok"
        } else if v == PointVerdict::Missing {
            "notice"
        } else {
            "notice notice--error"
        };
        let (before, after) = match v {
            PointVerdict::Outside {
                before_us,
                after_us,
            } => (before_us, after_us),
            _ => (None, None),
        };
        view! {
            <div class=class role="status" data-testid="point-verdict" data-verdict=format!("{v:?}")>
                {at.map(|t| view! {
                    <p class="point" data-testid="chosen-point">
                        <span class="point__label">{move || i18n.t(Msg::RestorePoint)}</span>" "
                        <strong>{show_both(t, w.cluster_offset())}</strong>
                    </p>
                })}
                <p>{text}</p>
                <div class="button-row">
                    {nearest(Msg::RestoreUseBefore, before)}
                    {nearest(Msg::RestoreUseAfter, after)}
                </div>
            </div>
        }
    };
    view! {
        <TypedPoint />
        {message}
    }
}

/// Typing a point: date, time to the second, microseconds, and the offset they are in
/// (pre-filled with the offset OCP writes this cluster's times in, and shown). Every key sets
/// the point, or unsets it while a part is half typed or cannot be read: Next never goes ahead
/// with a point the fields no longer show.
#[component]
fn TypedPoint() -> impl IntoView {
    let w = expect_context::<Wizard>();
    let cluster_offset = Memo::new(move |_| w.cluster_offset());
    view! {
        <PointInput
            value=Signal::derive(move || w.query.with(|q| q.at))
            default_offset=cluster_offset
            on_change=Callback::new(move |at| w.edit(|q| q.at = at))
        />
    }
}
