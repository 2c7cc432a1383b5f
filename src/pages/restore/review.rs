//! Step 4: everything in plain words, the pre-flight checks with pass or fail, and the exact
//! request. Submit is possible only when every check passes; it reads the windows again and
//! re-checks the point first (backups may have expired meanwhile), never moving it, then sends
//! once.

use super::source::{nearest_text, point_verdict, verdict_msg};
use super::target::{name_reason, source_version, target_reason, use_target_tenants};
use super::zones::zones_reason;
use super::{show_both, Wizard};
use crate::api::{use_api, ApiError};
use crate::clock::use_clock;
use crate::components::ErrorView;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::restore_wizard::{
    check_point, preflight, restore_request, PointVerdict, Preflight, PreflightFacts, RestoreStep,
};
use ocp_model::{AccessKey, RestoreParam, StorageType};

/// Why a submit stopped.
#[derive(Clone, Debug)]
enum SubmitError {
    /// The point is no longer inside a window (read again just now): nothing was sent.
    PointOutside(PointVerdict),
    /// OCP refused or failed.
    Api(ApiError),
    /// OCP accepted the restore without naming its task.
    NoTask,
}

/// Where a submitted restore is remembered for this tab: the same target, name and point
/// (`obc.restore.<cluster>.<target>.<name>.<at>`) answers the job, so Back after a submit
/// follows the restore instead of offering to send it again.
fn sent_key(cluster_id: i64, q: &ocp_model::restore_wizard::RestoreQuery) -> String {
    format!(
        "obc.restore.{cluster_id}.{}.{}.{}",
        q.target.unwrap_or_default(),
        q.name.as_deref().unwrap_or(""),
        q.at.map(|t| t.timestamp_micros()).unwrap_or_default()
    )
}

/// The request as shown: secrets masked.
fn shown_request(p: &RestoreParam) -> String {
    let mut p = p.clone();
    if let Some(o) = p.restore_offline_tenant_required_param.as_mut() {
        let info = &mut o.ob_backup_storage_base_info;
        for key in [
            &mut info.oss_access_key,
            &mut info.cos_access_key,
            &mut info.s3_access_key,
        ]
        .into_iter()
        .flatten()
        {
            if key.access_key_secret.is_some() {
                key.access_key_secret = Some(ocp_model::secrets::MASK.into());
            }
        }
    }
    serde_json::to_string_pretty(&p).unwrap_or_default()
}

#[component]
pub(super) fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let clock = use_clock();
    let w = expect_context::<Wizard>();
    let tenants = use_target_tenants(w);
    // An OFFLINE source's storage keys: in memory only, never in the URL or storage.
    let key_id = RwSignal::new(String::new());
    let key_secret = RwSignal::new(String::new());
    let endpoint = RwSignal::new(String::new());
    let needs_keys = move || {
        w.query.with(|q| {
            q.offline
                .as_ref()
                .is_some_and(|o| o.storage != StorageType::File)
        })
    };
    let keys = move || {
        needs_keys().then(|| AccessKey {
            endpoint: Some(endpoint.get()).filter(|e| !e.trim().is_empty()),
            access_key_id: Some(key_id.get()),
            access_key_secret: Some(key_secret.get()),
            ..Default::default()
        })
    };
    let checks = Memo::new(move |_| {
        let target = w.target_cluster()?;
        let names = tenants.value.get()?;
        let specs = w.specs.value.get()?.contents;
        let version = source_version(&w);
        let q = w.query.get();
        let mut p = preflight(
            &q,
            &PreflightFacts {
                windows: None,
                source_version: version.as_deref(),
                target: &target,
                target_tenants: &names,
                specs: &specs,
                now_us: clock.now_ms.get() * 1000,
            },
        );
        // The point against the tenant's latest windows (or OCP's check, offline).
        p.point = point_verdict(&w, clock.now_ms.get() * 1000);
        Some(p)
    });
    let keys_ok =
        move || !needs_keys() || (!key_id.get().trim().is_empty() && !key_secret.get().is_empty());
    let request = Memo::new(move |_| {
        let q = w.query.get();
        restore_request(&q, w.cluster_id, keys())
    });
    let sent = StoredValue::new(false);
    // A restore this tab already started with these choices.
    let started = Memo::new(move |_| {
        let key = w.query.with(|q| sent_key(w.cluster_id, q));
        crate::storage::Store::Session
            .read(&key)
            .and_then(|v| v.parse::<i64>().ok())
    });
    let ready = move || {
        started.get().is_none()
            && checks.get().is_some_and(|c| c.all_pass())
            && keys_ok()
            && request.with(Option::is_some)
    };
    let client = crate::query::use_query_client();
    let submit = Action::new_local(move |param: &RestoreParam| {
        let client = client.clone();
        let param = param.clone();
        let q = w.query.get_untracked();
        let now_us = clock.now_ms.get_untracked() * 1000;
        async move {
            // Backups may have expired since the page read the windows: read them again and
            // refuse, without moving the point, if it is no longer inside one.
            if let (Some(tenant), None) = (q.tenant, &q.offline) {
                let info = api
                    .backup_info(q.windows_scope(w.cluster_id))
                    .fetch_fresh(&client)
                    .await
                    .map_err(SubmitError::Api)?;
                let windows = info
                    .tenant(tenant)
                    .map(|t| t.ob_recoverable_info_aggregation.recoverable_windows())
                    .unwrap_or_default();
                let verdict =
                    check_point(q.at.map(|t| t.timestamp_micros()), Some(&windows), now_us);
                if !verdict.passes() {
                    return Err(SubmitError::PointOutside(verdict));
                }
            }
            let target = q.target.unwrap_or_default();
            let ops = api
                .restore(target, &param)
                .await
                .map_err(SubmitError::Api)?;
            ops.task_ids().first().copied().ok_or(SubmitError::NoTask)
        }
    });
    let pending = submit.pending();
    let failure = RwSignal::new(None::<SubmitError>);
    Effect::new(move || {
        let Some(result) = submit.value().get() else {
            return;
        };
        match result {
            Ok(job) => {
                let mut q = w.query.get_untracked();
                crate::storage::Store::Session.write(&sent_key(w.cluster_id, &q), &job.to_string());
                q.job = Some(job);
                w.open(q);
            }
            Err(e) => {
                // Nothing was started: the person may correct and send again.
                sent.set_value(false);
                failure.set(Some(e));
            }
        }
    });
    let on_submit = move |_| {
        if sent.get_value() || pending.get_untracked() || !ready() {
            return;
        }
        let Some(param) = request.get_untracked() else {
            return;
        };
        sent.set_value(true);
        failure.set(None);
        submit.dispatch(param);
    };

    let summary = move || {
        let q = w.query.get();
        let source = match &q.offline {
            Some(o) => i18n.fmt(
                Msg::ReviewSourceOffline,
                &[
                    ("tenant", &o.tenant_name),
                    ("cluster", &o.cluster_name),
                    ("path", &ocp_model::secrets::redact(&o.path)),
                ],
            ),
            None => {
                let tenant = q
                    .tenant
                    .and_then(|t| {
                        w.info
                            .value
                            .with(|i| i.as_ref()?.tenant(t).map(|t| t.tenant_name.clone()))
                    })
                    .unwrap_or_default();
                let cluster = w.source_cluster().map(|c| c.name).unwrap_or_default();
                i18n.fmt(
                    Msg::ReviewSourceOnline,
                    &[("tenant", &tenant), ("cluster", &cluster)],
                )
            }
        };
        let point =
            q.at.map(|t| show_both(t.timestamp_micros(), w.cluster_offset()))
                .unwrap_or_default();
        let target = w.target_cluster().map(|c| c.name).unwrap_or_default();
        let zones = q
            .zones
            .iter()
            .map(|z| {
                format!(
                    "{} ({}, {} × {})",
                    z.name,
                    z.replica.as_str(),
                    z.units.unwrap_or_default(),
                    z.spec.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <ul class="plain-list review-summary" data-testid="review-summary">
                <li>{source}</li>
                <li>{i18n.fmt(Msg::ReviewPoint, &[("time", &point)])}</li>
                <li>{i18n.fmt(Msg::ReviewTarget, &[("name", q.name.as_deref().unwrap_or("")), ("cluster", &target)])}</li>
                <li>{i18n.fmt(Msg::ReviewZones, &[("zones", &zones)])}</li>
                <li>{i18n.fmt(Msg::ReviewPrimary, &[("primary", q.primary.as_deref().unwrap_or("—"))])}</li>
            </ul>
        }
    };
    let check_rows = move || {
        let Some(c) = checks.get() else {
            return view! { <crate::components::Skeleton lines=4 /> }.into_any();
        };
        let Preflight {
            point,
            target,
            name,
            zones,
        } = c;
        let point_text = format!(
            "{} {}",
            i18n.t(verdict_msg(&point)),
            nearest_text(&point, w.cluster_offset())
        );
        let rows = [
            ("point", Msg::CheckPoint, point.passes(), point_text),
            (
                "target",
                Msg::CheckTarget,
                target.is_ok(),
                target
                    .err()
                    .map(|p| target_reason(i18n, &p))
                    .unwrap_or_else(|| {
                        let offline = w.query.with_untracked(|q| q.offline.is_some());
                        let ok = if offline {
                            Msg::CheckTargetOkOffline
                        } else {
                            Msg::CheckTargetOk
                        };
                        i18n.t(ok).to_owned()
                    }),
            ),
            (
                "name",
                Msg::CheckName,
                name.is_ok(),
                name.err()
                    .map(|p| name_reason(i18n, &p))
                    .unwrap_or_else(|| i18n.t(Msg::NameFree).to_owned()),
            ),
            (
                "zones",
                Msg::CheckZones,
                zones.is_ok(),
                zones
                    .err()
                    .map(|p| zones_reason(i18n, &p))
                    .unwrap_or_else(|| i18n.t(Msg::CheckZonesOk).to_owned()),
            ),
        ];
        view! {
            <ul class="plain-list checks" data-testid="preflight">
                {rows.into_iter().map(|(key, label, pass, detail)| view! {
                    <li class="check" class:check--pass=pass class:check--fail=!pass
                        data-testid="check" data-check=key data-pass=pass.to_string()>
                        <span class="check__mark" aria-hidden="true">{if pass { "✓" } else { "✗" }}</span>
                        <span class="check__verdict">{i18n.t(if pass { Msg::CheckPass } else { Msg::CheckFail })}</span>
                        <strong>{i18n.t(label)}</strong>
                        <span class="check__detail">{detail}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let failure_view = move || {
        failure.get().map(|f| match f {
            SubmitError::Api(e) => view! { <ErrorView error=e write=true /> }.into_any(),
            SubmitError::PointOutside(v) => {
                let nearest = nearest_text(&v, w.cluster_offset());
                view! {
                    <div class="notice notice--error" role="alert" data-testid="point-expired">
                        <p>{i18n.t(Msg::SubmitPointOutside)}</p>
                        {(!nearest.is_empty()).then(|| view! { <p>{i18n.fmt(Msg::SubmitNearest, &[("times", &nearest)])}</p> })}
                        <p>{i18n.t(Msg::NothingSent)}</p>
                        <button type="button" class="button" on:click=move |_| w.step(RestoreStep::Source)>
                            {i18n.t(Msg::SubmitChoosePoint)}
                        </button>
                    </div>
                }
                .into_any()
            }
            SubmitError::NoTask => view! {
                <p class="notice notice--warning" role="alert" data-testid="no-task">{i18n.t(Msg::SubmitNoTask)}</p>
            }
            .into_any(),
        })
    };
    view! {
        {summary}
        <h2>{move || i18n.t(Msg::PreflightTitle)}</h2>
        {check_rows}
        <Show when=needs_keys>
            <fieldset class="offline-keys" data-testid="offline-keys">
                <legend>{move || i18n.t(Msg::OfflineKeys)}</legend>
                <p class="field__help">{move || i18n.t(Msg::OfflineKeysHint)}</p>
                <label class="field">
                    <span class="field__label">{move || i18n.t(Msg::AccessKeyId)}</span>
                    <input type="text" autocomplete="off" data-testid="offline-key-id" bind:value=key_id />
                </label>
                <label class="field">
                    <span class="field__label">{move || i18n.t(Msg::AccessKeySecret)}</span>
                    <input type="password" autocomplete="new-password" data-testid="offline-key-secret" bind:value=key_secret />
                </label>
                <label class="field">
                    <span class="field__label">{move || i18n.t(Msg::Endpoint)}</span>
                    <input type="text" autocomplete="off" data-testid="offline-endpoint" bind:value=endpoint />
                </label>
            </fieldset>
        </Show>
        <details class="request-body">
            <summary>{move || i18n.t(Msg::RequestBody)}</summary>
            <pre data-testid="request-body">{move || request.get().map(|r| shown_request(&r)).unwrap_or_default()}</pre>
        </details>
        {failure_view}
        {move || started.get().map(|job| view! {
            <div class="notice notice--warning" role="status" data-testid="already-started">
                <p>{i18n.fmt(Msg::RestoreAlreadyStarted, &[("job", &job.to_string())])}</p>
                <button type="button" class="button" on:click=move |_| {
                    let mut q = w.query.get_untracked();
                    q.job = Some(job);
                    w.open(q);
                }>{i18n.t(Msg::RestoreFollowIt)}</button>
            </div>
        })}
        <div class="wizard-nav">
            <button type="button" class="button" data-testid="wizard-back" on:click=move |_| w.step(RestoreStep::Zones)>
                {move || i18n.t(Msg::WizardBack)}
            </button>
            <button type="button" class="button button--primary" data-testid="restore-submit"
                disabled=move || !ready() || pending.get() on:click=on_submit>
                {move || i18n.t(if pending.get() { Msg::Submitting } else { Msg::RestoreSubmit })}
            </button>
        </div>
        <Show when=move || !ready()>
            <p class="muted" data-testid="submit-blocked">{move || i18n.t(Msg::SubmitBlocked)}</p>
        </Show>
    }
}
