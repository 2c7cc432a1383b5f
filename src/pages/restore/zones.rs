//! Step 3: for each zone of the target, whether the tenant uses it, its replica type, unit spec
//! (from `/unitSpecs`, with CPU and memory) and unit count (one count for every zone on OB
//! >= 4.0); and the primary-zone order, by drag or by keyboard.

use super::{load_error, StepNav, Wizard};
use crate::components::field_input::{TypedInput, ValueText};
use crate::i18n::{use_i18n, I18n, Msg};
use leptos::prelude::*;
use ocp_model::input::{parse_whole, Kind, Unit, WholeRule};
use ocp_model::restore_wizard::{
    check_zones, same_units_everywhere, PrimaryOrder, RestoreQuery, RestoreStep, ZonePlan,
    ZonesProblem,
};
use ocp_model::validate::bounds;
use ocp_model::{ReplicaType, UnitSpec};

/// A zone's unit count: a whole number within what the server accepts.
const UNIT_COUNT: WholeRule = WholeRule::new(bounds::UNIT_COUNT, Unit::Units);
const UNITS: Kind = Kind::Whole(UNIT_COUNT);

/// The count typed, or none while it cannot be taken (the step then cannot be left).
fn read_units(text: &str) -> Option<u32> {
    parse_whole(text, UNIT_COUNT)
        .ok()
        .and_then(|n| u32::try_from(n).ok())
}

fn units_text(u: &Option<u32>) -> String {
    u.map(|u| u.to_string()).unwrap_or_default()
}

/// The primary zone kept in step with the zones used: unused ones leave, new ones join last.
fn sync_primary(q: &mut RestoreQuery) {
    let used: Vec<String> = q.zones.iter().map(|z| z.name.clone()).collect();
    let order = PrimaryOrder::parse(q.primary.as_deref().unwrap_or("")).synced(&used);
    q.primary = Some(order.to_wire()).filter(|p| !p.is_empty());
}

/// Every zone of the target, FULL, one unit, no spec yet: where a new plan starts.
pub(super) fn default_plan(q: &mut RestoreQuery, zones: &[ocp_model::Zone]) {
    q.zones = zones
        .iter()
        .map(|z| ZonePlan {
            name: z.name.clone(),
            replica: ReplicaType::Full,
            spec: None,
            units: Some(1),
        })
        .collect();
    q.primary = None;
    sync_primary(q);
}

pub(super) fn spec_label(s: &UnitSpec) -> String {
    format!(
        "{} · {} CPU · {} GB",
        s.name,
        trim_float(s.max_cpu_core_count),
        trim_float(s.max_memory_size)
    )
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

pub(super) fn zones_reason(i18n: I18n, p: &ZonesProblem) -> String {
    match p {
        ZonesProblem::NoZone => i18n.t(Msg::ZonesNone).to_owned(),
        ZonesProblem::Incomplete(z) => i18n.fmt(Msg::ZonesIncomplete, &[("zone", z)]),
        ZonesProblem::UnknownZone(z) => i18n.fmt(Msg::ZonesUnknown, &[("zone", z)]),
        ZonesProblem::UnknownSpec(z, s) => {
            i18n.fmt(Msg::ZonesUnknownSpec, &[("zone", z), ("spec", s)])
        }
        ZonesProblem::UnequalUnits => i18n.t(Msg::ZonesUnequalUnits).to_owned(),
        ZonesProblem::NoFullReplica => i18n.t(Msg::ZonesNoFull).to_owned(),
        ZonesProblem::PrimaryUnknownZone(z) => i18n.fmt(Msg::ZonesPrimaryUnknown, &[("zone", z)]),
        ZonesProblem::PrimaryNotFull(z) => i18n.fmt(Msg::ZonesPrimaryNotFull, &[("zone", z)]),
    }
}

#[component]
pub(super) fn ZonesStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let target = Memo::new(move |_| w.target_cluster());
    let specs = move || w.specs.value.get().map(|p| p.contents).unwrap_or_default();
    let shared_units =
        move || same_units_everywhere(target.get().and_then(|c| c.ob_version).as_deref());
    let plan_of = move |zone: &str| {
        w.query
            .with(|q| q.zones.iter().find(|z| z.name == zone).cloned())
    };
    let edit_zone = move |zone: String, f: Box<dyn FnOnce(&mut ZonePlan)>| {
        w.edit(|q| {
            if let Some(z) = q.zones.iter_mut().find(|z| z.name == zone) {
                f(z);
            }
        })
    };
    let toggle = move |zone: String, on: bool| {
        w.edit(|q| {
            if on {
                let units = q.zones.first().and_then(|z| z.units).or(Some(1));
                q.zones.push(ZonePlan {
                    name: zone,
                    replica: ReplicaType::Full,
                    spec: None,
                    units,
                });
                // Keep the target's zone order.
                if let Some(t) = w.target_cluster() {
                    q.zones
                        .sort_by_key(|z| t.zones.iter().position(|tz| tz.name == z.name));
                }
            } else {
                q.zones.retain(|z| z.name != zone);
            }
            sync_primary(q);
        })
    };
    let row = move |zone: String| {
        let z1 = zone.clone();
        let used = move || plan_of(&z1).is_some();
        let z2 = zone.clone();
        let plan = move || plan_of(&z2);
        let (za, zb, zc, zd) = (zone.clone(), zone.clone(), zone.clone(), zone.clone());
        let replicas = [
            ReplicaType::Full,
            ReplicaType::LogOnly,
            ReplicaType::ReadOnly,
        ];
        let plan2 = plan.clone();
        let plan3 = plan.clone();
        let plan4 = plan.clone();
        view! {
            <tr data-testid="zone-row" data-zone=zone.clone()>
                <th scope="row">
                    <label>
                        <input type="checkbox" data-testid="zone-use" prop:checked=used.clone()
                            on:change=move |ev| toggle(za.clone(), event_target_checked(&ev)) />
                        {zone.clone()}
                    </label>
                </th>
                <td>
                    <select data-testid="zone-replica" disabled=move || !used()
                        aria-label=move || i18n.fmt(Msg::ZoneReplicaFor, &[("zone", &zb)])
                        on:change=move |ev| {
                            let v = ReplicaType::from_wire(&event_target_value(&ev));
                            edit_zone(zc.clone(), Box::new(move |z| z.replica = v));
                        }>
                        {replicas.into_iter().map(|r| {
                            let wire = r.as_str().to_owned();
                            let plan = plan2.clone();
                            let selected = move || plan().is_some_and(|p| p.replica == r);
                            view! { <option value=wire.clone() selected=selected>{wire.clone()}</option> }
                        }).collect_view()}
                    </select>
                </td>
                <td>
                    <select data-testid="zone-spec" disabled=move || plan3().is_none()
                        aria-label=i18n.fmt(Msg::ZoneSpecFor, &[("zone", &zone)])
                        on:change={
                            let zone = zd.clone();
                            move |ev| {
                                let v = event_target_value(&ev);
                                edit_zone(zone.clone(), Box::new(move |z| z.spec = Some(v).filter(|v| !v.is_empty())));
                            }
                        }>
                        <option value="" selected=move || plan4().is_none_or(|p| p.spec.is_none())>
                            {move || i18n.t(Msg::ChooseOne)}
                        </option>
                        {move || specs().into_iter().map(|s| {
                            let plan = plan.clone();
                            let name = s.name.clone();
                            let selected = move || plan().is_some_and(|p| p.spec.as_deref() == Some(name.as_str()));
                            view! { <option value=s.name.clone() selected=selected>{spec_label(&s)}</option> }
                        }).collect_view()}
                    </select>
                </td>
                {
                    let zone = zone.clone();
                    move || (!shared_units()).then(|| {
                        let (z, z2, z3) = (zone.clone(), zone.clone(), zone.clone());
                        let count = ValueText::new(
                            Signal::derive(move || plan_of(&z).and_then(|p| p.units)),
                            units_text,
                        );
                        let unused = Signal::derive(move || plan_of(&z2).is_none());
                        view! {
                            <td>
                                <TypedInput kind=UNITS text=count.text id=format!("zone-units-{zone}") testid="zone-units"
                                    aria_label=i18n.fmt(Msg::ZoneUnitsFor, &[("zone", &zone)])
                                    required=true disabled=unused size=4
                                    on_text=Callback::new(move |t: String| {
                                        let v = read_units(&t);
                                        count.typed(t, v);
                                        edit_zone(z3.clone(), Box::new(move |z| z.units = v));
                                    }) />
                            </td>
                        }
                    })
                }
            </tr>
        }
    };
    let all_units = ValueText::new(
        Signal::derive(move || w.query.with(|q| q.zones.first().and_then(|z| z.units))),
        units_text,
    );
    let set_all_units = Callback::new(move |t: String| {
        let v = read_units(&t);
        all_units.typed(t, v);
        w.edit(|q| q.zones.iter_mut().for_each(|z| z.units = v));
    });
    let check = Memo::new(move |_| {
        let Some(t) = target.get() else {
            return Err(ZonesProblem::NoZone);
        };
        let specs = specs();
        w.query
            .with(|q| check_zones(&q.zones, q.primary.as_deref(), &t, &specs))
    });
    view! {
        {move || w.specs.error.get().filter(|_| w.specs.value.with(Option::is_none)).map(load_error)}
        <Show when=shared_units>
            <label class="field">
                <span class="field__label">{move || i18n.t(Msg::ZoneUnitsAll)}</span>
                <TypedInput kind=UNITS text=all_units.text id="units-all" testid="units-all" required=true size=4
                    help_id=Some("units-all-help".to_owned()) on_text=set_all_units />
                <span class="field__help" id="units-all-help">{move || i18n.t(Msg::ZoneUnitsAllHint)}</span>
            </label>
        </Show>
        <div class="table-wrap"><table class="zones-table">
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t(Msg::Zone)}</th>
                    <th scope="col">{move || i18n.t(Msg::ReplicaType)}</th>
                    <th scope="col">{move || i18n.t(Msg::UnitSpec)}</th>
                    <Show when=move || !shared_units()>
                        <th scope="col">{move || i18n.t(Msg::UnitCount)}</th>
                    </Show>
                </tr>
            </thead>
            <tbody>
                {move || target.get().map(|t| t.zones.into_iter().map(|z| row(z.name)).collect_view())}
            </tbody>
        </table></div>
        <PrimaryZoneOrder />
        {move || check.get().err().filter(|_| w.query.with(|q| !q.zones.is_empty())).map(|p| view! {
            <p class="field__error" role="alert" data-testid="zones-problem">{zones_reason(i18n, &p)}</p>
        })}
        <StepNav back=RestoreStep::Target next=RestoreStep::Review ready=Signal::derive(move || check.get().is_ok()) />
    }
}

/// The primary-zone order: drag a zone, or move it with its buttons or Alt+Arrow keys; a zone
/// may share the priority of the zone above it.
#[component]
fn PrimaryZoneOrder() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let order = Memo::new(move |_| {
        w.query
            .with(|q| PrimaryOrder::parse(q.primary.as_deref().unwrap_or("")))
    });
    let set =
        move |o: PrimaryOrder| w.edit(|q| q.primary = Some(o.to_wire()).filter(|p| !p.is_empty()));
    let dragged = RwSignal::new(None::<String>);
    let items = move || {
        let items = order.get().items().to_vec();
        let n = items.len();
        items
            .into_iter()
            .enumerate()
            .map(|(i, (zone, tied))| {
                let (z_up, z_down, z_tie, z_key, z_drag) =
                    (zone.clone(), zone.clone(), zone.clone(), zone.clone(), zone.clone());
                let level = order.get_untracked().levels().iter().position(|l| l.contains(&zone)).unwrap_or(0) + 1;
                let on_key = move |ev: leptos::ev::KeyboardEvent| {
                    if !ev.alt_key() {
                        return;
                    }
                    match ev.key().as_str() {
                        "ArrowUp" => {
                            ev.prevent_default();
                            set(order.get_untracked().move_up(&z_key));
                            focus_later(&z_key, None);
                        }
                        "ArrowDown" => {
                            ev.prevent_default();
                            set(order.get_untracked().move_down(&z_key));
                            focus_later(&z_key, None);
                        }
                        _ => {}
                    }
                };
                view! {
                    <li
                        class="primary-order__item"
                        tabindex="0"
                        draggable="true"
                        data-testid="primary-zone"
                        data-zone=zone.clone()
                        aria-label=i18n.fmt(Msg::PrimaryItemLabel, &[("zone", &zone), ("level", &level.to_string())])
                        on:keydown=on_key
                        on:dragstart=move |_| dragged.set(Some(z_drag.clone()))
                        on:dragover=|ev| ev.prevent_default()
                        on:drop=move |ev| {
                            ev.prevent_default();
                            if let Some(z) = dragged.get_untracked() {
                                set(order.get_untracked().move_to(&z, i));
                            }
                            dragged.set(None);
                        }
                    >
                        <span class="primary-order__handle" aria-hidden="true">"⠿"</span>
                        <span class="primary-order__level">{level}</span>
                        <span class="primary-order__zone">{zone.clone()}</span>
                        <label class="primary-order__tie">
                            <input type="checkbox" data-testid="primary-tie" prop:checked=tied disabled=i == 0
                                on:change=move |ev| set(order.get_untracked().set_tied(&z_tie, event_target_checked(&ev))) />
                            {move || i18n.t(Msg::PrimarySameAsAbove)}
                        </label>
                        <button type="button" class="icon-button" data-testid="primary-up" disabled=i == 0
                            aria-label=i18n.fmt(Msg::PrimaryMoveUp, &[("zone", &zone)])
                            on:click=move |_| {
                                set(order.get_untracked().move_up(&z_up));
                                focus_later(&z_up, Some("primary-up"));
                            }>"↑"</button>
                        <button type="button" class="icon-button" data-testid="primary-down" disabled=i + 1 == n
                            aria-label=i18n.fmt(Msg::PrimaryMoveDown, &[("zone", &zone)])
                            on:click=move |_| {
                                set(order.get_untracked().move_down(&z_down));
                                focus_later(&z_down, Some("primary-down"));
                            }>"↓"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="primary-order" data-testid="primary-order">
            <legend>{move || i18n.t(Msg::PrimaryZone)}</legend>
            <p class="field__help">{move || i18n.t(Msg::PrimaryZoneHint)}</p>
            <ol class="plain-list">{items}</ol>
            <p class="muted" data-testid="primary-wire">
                {move || i18n.t(Msg::PrimaryAsSent)} " " <code>{move || order.get().to_wire()}</code>
            </p>
        </fieldset>
    }
}

/// Puts the focus back on a zone of the order (or one of its buttons) once the list has been
/// drawn again, so a keyboard user keeps their place while moving a zone; a disabled button
/// (the zone reached an end) hands the focus to the zone itself.
fn focus_later(zone: &str, button: Option<&'static str>) {
    let zone = zone.to_owned();
    request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let item = format!("[data-testid=primary-zone][data-zone=\"{zone}\"]");
        let target = button
            .and_then(|b| {
                doc.query_selector(&format!("{item} [data-testid={b}]:not([disabled])"))
                    .ok()
                    .flatten()
            })
            .or_else(|| doc.query_selector(&item).ok().flatten());
        if let Some(el) =
            target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}
