//! Inputs that keep exactly what is typed or say why they cannot take it: a time, a date, a
//! date and time, a whole number within its bounds, and a point in time to the microsecond
//! with its offset (the restore wizard's).
//!
//! They are text inputs read by the model's rules (`ocp_model::input`), not the browser's
//! `type=time`/`number` editors: those report `""` while half typed (a page writing that back
//! wipes the other segments, so `0130` became 13:00) and drop signs and decimals without a
//! word (`10.5` → 510). A text input keeps every key; the reason for a value that cannot be
//! taken is shown beside it and tied to it (`aria-invalid`, `aria-describedby`), the expected
//! form is in the placeholder and the reason, and `inputmode` brings up the right keyboard.
//!
//! The page never writes into a field while it is typed in: the text goes out on every key,
//! and the field's DOM value is set only when the model's value changes from outside (a reset,
//! a point chosen on the timeline), not when it changes because of what was typed.

use crate::i18n::{use_i18n, Msg};
use chrono::FixedOffset;
use leptos::html;
use leptos::prelude::*;
use ocp_model::input::{self, InputError, Kind, PointPart};
use ocp_model::RecoverableTime;

/// The browser's hints for a kind of value: the keyboard (`inputmode`) and the form shown
/// while the field is empty.
fn hints(kind: Kind) -> (&'static str, Option<&'static str>) {
    match kind {
        Kind::Whole(_) => ("numeric", None),
        Kind::Time => ("numeric", Some("HH:MM")),
        Kind::TimeSeconds => ("numeric", Some("HH:MM:SS")),
        Kind::Date => ("numeric", Some("YYYY-MM-DD")),
        Kind::DateTime => ("text", Some("YYYY-MM-DD HH:MM:SS")),
        Kind::Micros => ("numeric", Some("000000")),
        Kind::Offset => ("text", Some("+08:00")),
    }
}

/// A text input the page never writes into while it is typed in.
#[component]
pub fn TextEntry(
    /// The text the model holds for the field. Written into the field only when it changes to
    /// something the field did not produce itself; never because of what is being typed.
    #[prop(into)]
    text: Signal<String>,
    /// Every change of the text, key by key.
    on_text: Callback<String>,
    /// The text once the field is left (or Enter is pressed).
    #[prop(default = None)]
    on_commit: Option<Callback<String>>,
    /// What the field holds: once it is left, a value that reads is written in its usual form
    /// (`0130` → `01:30`); one that does not is kept exactly as typed.
    #[prop(default = None)]
    kind: Option<Kind>,
    #[prop(default = None)] id: Option<String>,
    #[prop(default = None)] testid: Option<String>,
    /// `text` or `password`.
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(default = None)] aria_label: Option<Signal<String>>,
    #[prop(optional, into)] invalid: Signal<bool>,
    /// Ids of what describes the field (its help, its reason), space-separated.
    #[prop(optional, into)]
    described_by: Signal<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(default = None)] size: Option<u32>,
) -> impl IntoView {
    let node = NodeRef::<html::Input>::new();
    let initial = text.get_untracked();
    // What the field holds as far as the page knows: typed there, or written by the page.
    let held = StoredValue::new(initial.clone());
    Effect::new(move || {
        let t = text.get();
        if held.with_value(|h| *h != t) {
            if let Some(el) = node.get_untracked() {
                el.set_value(&t);
            }
            held.set_value(t);
        }
    });
    let put = move |t: String| {
        held.set_value(t.clone());
        on_text.run(t);
    };
    let commit = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        let usual = kind.and_then(|k| k.canonical(&typed));
        let t = match usual {
            Some(u) if u != typed => {
                if let Some(el) = node.get_untracked() {
                    el.set_value(&u);
                }
                put(u.clone());
                u
            }
            _ => typed,
        };
        if let Some(f) = on_commit {
            f.run(t);
        }
    };
    let (inputmode, placeholder) = kind.map_or(("text", None), hints);
    view! {
        <input
            node_ref=node
            type=input_type
            id=id
            data-testid=testid
            inputmode=inputmode
            placeholder=placeholder
            size=size
            autocomplete=if input_type == "password" { "new-password" } else { "off" }
            spellcheck="false"
            prop:value=initial
            aria-label=move || aria_label.map(|l| l.get())
            aria-invalid=move || invalid.get().to_string()
            aria-describedby=move || Some(described_by.get()).filter(|d| !d.is_empty())
            disabled=move || disabled.get()
            on:input=move |ev| put(event_target_value(&ev))
            on:change=commit
        />
    }
}

/// A field of one kind (a time, a date, a date and time, a whole number within its bounds)
/// with the reason beside it (`{id}-error`) while what it holds cannot be taken.
#[component]
pub fn TypedInput(
    /// What the field takes, and for a whole number its bounds and unit.
    kind: Kind,
    /// The text the model holds for the field (what was typed, or the value written out).
    #[prop(into)]
    text: Signal<String>,
    /// Every change of the text, key by key.
    on_text: Callback<String>,
    /// The text once the field is left (or Enter is pressed).
    #[prop(optional)]
    on_commit: Option<Callback<String>>,
    /// The element id; the reason is `{id}-error`.
    #[prop(into)]
    id: String,
    #[prop(optional, into)] testid: Option<String>,
    /// While true, empty is refused; otherwise empty means no value.
    #[prop(optional, into)]
    required: Signal<bool>,
    /// A reason from elsewhere (the server's refusal, a rule across fields), shown while the
    /// text itself reads.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The id of the field's help, said with it.
    #[prop(default = None)]
    help_id: Option<String>,
    /// The field's name when no `<label>` gives it one.
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let own = Memo::new(move |_| {
        let required = required.get();
        text.with(|t| kind.problem(t, required))
    });
    // A disabled field is not asked for anything.
    let reason = Memo::new(move |_| {
        if disabled.get() {
            return None;
        }
        own.get()
            .map(|e| e.message(i18n.lang.get()))
            .or_else(|| error.get())
    });
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || {
            let mut ids: Vec<&str> = help_id.iter().map(String::as_str).collect();
            if reason.with(Option::is_some) {
                ids.push(&error_id);
            }
            ids.join(" ")
        }
    };
    view! {
        <TextEntry
            text
            on_text
            on_commit=on_commit
            kind=Some(kind)
            id=Some(id)
            testid=testid
            aria_label=aria_label
            invalid=Signal::derive(move || reason.with(Option::is_some))
            described_by=Signal::derive(described)
            disabled
            size=size
        />
        {move || reason.get().map(|r| view! {
            <span class="field__error" id=error_id.clone() data-testid="field-reason">{r}</span>
        })}
    }
}

/// The text of a field whose model holds a value read from it (a count or a time in the URL):
/// rewritten from the value when that changes from outside, never because of what was typed.
pub struct ValueText<T: Send + Sync + 'static> {
    pub text: RwSignal<String>,
    /// The value the field last gave (or was given).
    last: StoredValue<T>,
}

impl<T: Send + Sync + 'static> Clone for ValueText<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for ValueText<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> ValueText<T> {
    pub fn new(value: Signal<T>, format: impl Fn(&T) -> String + Send + Sync + 'static) -> Self {
        let v = value.get_untracked();
        let text = RwSignal::new(format(&v));
        let last = StoredValue::new(v);
        Effect::new(move || {
            let v = value.get();
            if last.with_value(|l| *l != v) {
                text.set(format(&v));
                last.set_value(v);
            }
        });
        Self { text, last }
    }

    /// What was typed, and the value it gives the model (to be set right after this).
    pub fn typed(&self, text: String, value: T) {
        self.last.set_value(value);
        self.text.set(text);
    }
}

/// A point in time typed as a date, a time to the second, microseconds and the offset they
/// are in. Every key reports the point (`Some` only while every part reads, `None` while one
/// is half typed, cannot be read or all are empty), so nothing goes ahead with a point the
/// fields no longer show; the first part that cannot be read is named with its reason.
#[component]
pub fn PointInput(
    /// The chosen point: written into the fields when it changes from outside (the timeline,
    /// "latest", a nearest point), shown in the offset typed if one is.
    #[prop(into)]
    value: Signal<Option<RecoverableTime>>,
    /// The offset a point is typed in until one is typed (the cluster's).
    #[prop(into)]
    default_offset: Signal<Option<FixedOffset>>,
    on_change: Callback<Option<RecoverableTime>>,
    /// Prefix of the parts' ids and test ids: `{prefix}-date`, `-time`, `-micros`, `-offset`,
    /// `-problem`.
    #[prop(default = "typed")]
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let parts: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let last = StoredValue::new(None::<RecoverableTime>);
    let problem = RwSignal::new(None::<(PointPart, InputError)>);
    let offset_typed = StoredValue::new(false);
    let fill = move |at: Option<RecoverableTime>| {
        last.set_value(at);
        problem.set(None);
        let Some(at) = at else {
            for p in &parts[..3] {
                p.set(String::new());
            }
            return;
        };
        let offset = parts[3]
            .with_untracked(|o| input::parse_offset(o).ok())
            .unwrap_or(at.offset());
        for (p, text) in parts.iter().zip(input::point_parts(at, offset)) {
            p.set(text);
        }
    };
    fill(value.get_untracked());
    Effect::new(move || {
        let v = value.get();
        if last.with_value(|l| *l != v) {
            fill(v);
        }
    });
    let report = move || {
        let [d, t, u, o] = parts.map(|p| p.get_untracked());
        let read = input::parse_point(&d, &t, &u, &o);
        problem.set(read.err());
        let at = read.ok().flatten();
        last.set_value(at);
        if value.with_untracked(|v| *v != at) {
            on_change.run(at);
        }
    };
    Effect::new(move || {
        if let Some(o) = default_offset.get() {
            if !offset_typed.get_value() && parts[3].with_untracked(String::is_empty) {
                parts[3].set(ocp_model::time::format_offset(o));
                report();
            }
        }
    });
    let problem_id = format!("{prefix}-problem");
    let part = move |i: usize, kind: Kind, label: Msg, size: u32| {
        let which = [
            PointPart::Date,
            PointPart::Time,
            PointPart::Micros,
            PointPart::Offset,
        ][i];
        let name = ["date", "time", "micros", "offset"][i];
        let invalid = move || problem.with(|p| p.is_some_and(|(at, _)| at == which));
        let problem_id = problem_id.clone();
        view! {
            <label class="field field--inline">
                <span class="field__label">{move || i18n.t(label)}</span>
                <TextEntry
                    text=parts[i]
                    on_text=Callback::new(move |t| {
                        if i == 3 {
                            offset_typed.set_value(true);
                        }
                        parts[i].set(t);
                        report();
                    })
                    kind=Some(kind)
                    id=Some(format!("{prefix}-{name}"))
                    testid=Some(format!("{prefix}-{name}"))
                    invalid=Signal::derive(invalid)
                    described_by=Signal::derive(move || if invalid() { problem_id.clone() } else { String::new() })
                    size=Some(size)
                />
            </label>
        }
    };
    view! {
        <fieldset class="typed-point" data-testid=format!("{prefix}-point")>
            <legend>{move || i18n.t(Msg::RestoreTypePoint)}</legend>
            {part(0, Kind::Date, Msg::Date, 11)}
            {part(1, Kind::TimeSeconds, Msg::TimeOfDay, 9)}
            {part(2, Kind::Micros, Msg::Microseconds, 7)}
            {part(3, Kind::Offset, Msg::Offset, 7)}
            {move || problem.get().map(|(_, e)| view! {
                <p class="field__error" id=format!("{prefix}-problem") data-testid=format!("{prefix}-problem")>
                    {e.message(i18n.lang.get())}
                </p>
            })}
        </fieldset>
    }
}
