//! Step 2: the target cluster (RUNNING, not lower in version than the source; the others are
//! shown disabled with the reason) and the new tenant's name, checked against the target's
//! tenants and OceanBase's naming rules as it is typed.

use super::{load_error, StepNav, Wizard};
use crate::api::use_api;
use crate::i18n::{use_i18n, I18n, Msg};
use leptos::prelude::*;
use ocp_model::restore_wizard::{
    check_tenant_name, target_problem, RestoreStep, TargetProblem, TenantNameProblem,
    TENANT_NAME_MAX_BYTES,
};
use ocp_model::text::show_invisible;
use ocp_model::Cluster;

/// The source's version: `None` for an OFFLINE source, else the source cluster's (an empty
/// text while unknown, which no target passes).
pub(super) fn source_version(w: &Wizard) -> Option<String> {
    if w.query.with(|q| q.offline.is_some()) {
        return None;
    }
    Some(
        w.source_cluster()
            .and_then(|c| c.ob_version)
            .unwrap_or_default(),
    )
}

pub(super) fn target_reason(i18n: I18n, p: &TargetProblem) -> String {
    match p {
        TargetProblem::NotRunning(status) => i18n.fmt(
            Msg::TargetNotRunning,
            &[("status", status.as_deref().unwrap_or("—"))],
        ),
        TargetProblem::Standby => i18n.t(Msg::TargetStandby).to_owned(),
        TargetProblem::LowerVersion { target, source } => i18n.fmt(
            Msg::TargetLowerVersion,
            &[("target", target), ("source", source)],
        ),
        TargetProblem::UnknownVersion => i18n.t(Msg::TargetUnknownVersion).to_owned(),
        TargetProblem::AcrossMajorFour { target, source } => i18n.fmt(
            Msg::TargetAcrossFour,
            &[("target", target), ("source", source)],
        ),
    }
}

pub(super) fn name_reason(i18n: I18n, p: &TenantNameProblem) -> String {
    match p {
        TenantNameProblem::Empty => i18n.t(Msg::NameEmpty).to_owned(),
        TenantNameProblem::TooLong => i18n.fmt(
            Msg::NameTooLong,
            &[("max", &TENANT_NAME_MAX_BYTES.to_string())],
        ),
        TenantNameProblem::BadStart => i18n.t(Msg::NameBadStart).to_owned(),
        TenantNameProblem::BadCharacter(c) => {
            i18n.fmt(Msg::NameBadCharacter, &[("char", &c.to_string())])
        }
        TenantNameProblem::Reserved => i18n.t(Msg::NameReserved).to_owned(),
        TenantNameProblem::Taken => i18n.t(Msg::NameTaken).to_owned(),
    }
}

/// The target's tenant names, read when the target changes.
pub(super) fn use_target_tenants(w: Wizard) -> crate::components::Latest<Vec<String>> {
    let api = use_api();
    let target = Memo::new(move |_| w.query.with(|q| q.target));
    let tenants = LocalResource::new(move || {
        let fut = target.get().map(|id| api.all_tenants(id));
        async move {
            match fut {
                Some(f) => Ok(f.await?.contents.into_iter().map(|t| t.name).collect()),
                None => Ok(Vec::new()),
            }
        }
    });
    crate::components::Latest::of(tenants)
}

#[component]
pub(super) fn TargetStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let source = Memo::new(move |_| source_version(&w));
    let tenants = use_target_tenants(w);
    let clusters = move || {
        w.clusters
            .value
            .get()
            .map(|p| p.contents)
            .unwrap_or_default()
    };
    let row = move |c: Cluster| {
        let id = c.id;
        let problem = target_problem(&c, source.get().as_deref());
        let reason = problem.as_ref().map(|p| target_reason(i18n, p));
        let disabled = problem.is_some();
        let version = c.ob_version.clone().unwrap_or_else(|| "—".into());
        let status = c
            .status
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        view! {
            <li class="target" class:target--disabled=disabled data-testid="target-cluster" data-cluster=id.to_string()>
                <label>
                    <input
                        type="radio"
                        name="target-cluster"
                        disabled=disabled
                        prop:checked=move || w.query.with(|q| q.target == Some(id))
                        on:change={
                            let zones = c.zones.clone();
                            move |_| w.edit(|q| {
                                q.target = Some(id);
                                // Zones belong to the target: a new target starts a new plan.
                                super::zones::default_plan(q, &zones);
                            })
                        }
                    />
                    <span class="target__name">{show_invisible(&c.name)}</span>
                    <span class="target__meta">{format!("OB {version} · {status}")}</span>
                </label>
                {reason.map(|r| view! { <p class="target__reason" data-testid="target-reason">{r}</p> })}
            </li>
        }
    };
    let name = move || w.query.with(|q| q.name.clone().unwrap_or_default());
    // Checked once the target's tenants are read (`None` until then).
    let name_check = Memo::new(move |_| {
        let names = tenants.value.get()?;
        Some(check_tenant_name(&name(), names.iter().map(String::as_str)))
    });
    let ready = Signal::derive(move || {
        let target_ok = w
            .target_cluster()
            .is_some_and(|c| target_problem(&c, source.get().as_deref()).is_none());
        target_ok && name_check.get() == Some(Ok(()))
    });
    view! {
        {move || w.clusters.error.get().filter(|_| w.clusters.value.with(Option::is_none)).map(load_error)}
        <fieldset class="wizard-choice">
            <legend>{move || i18n.t(Msg::RestoreTargetCluster)}</legend>
            <ul class="plain-list targets">{move || clusters().into_iter().map(row).collect_view()}</ul>
        </fieldset>
        <label class="field">
            <span class="field__label">{move || i18n.t(Msg::RestoreTenantName)}</span>
            <input
                type="text"
                data-testid="tenant-name"
                maxlength="64"
                autocomplete="off"
                spellcheck="false"
                prop:value=name
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    w.edit(|q| q.name = Some(v).filter(|v| !v.is_empty()));
                }
            />
            <span class="field__help">{move || i18n.t(Msg::NameRules)}</span>
        </label>
        {move || tenants.error.get().map(load_error)}
        {move || {
            let show = w.query.with(|q| q.name.is_some() && q.target.is_some());
            match name_check.get() {
                Some(Err(p)) if show => Some(view! {
                    <p class="field__error" role="alert" data-testid="name-problem">{name_reason(i18n, &p)}</p>
                }.into_any()),
                Some(Ok(())) if show => Some(view! {
                    <p class="field__ok" data-testid="name-ok">{move || i18n.t(Msg::NameFree)}</p>
                }.into_any()),
                _ => None,
            }
        }}
        <StepNav back=RestoreStep::Source next=RestoreStep::Zones ready=ready />
    }
}
