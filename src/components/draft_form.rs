//! Pieces of the strategy form bound to a `StrategyDraft`: a labelled input with its help and
//! error, and the storage section (exactly the fields each storage type needs).

use crate::components::field_input::{TextEntry, TypedInput};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::input::Kind;
use ocp_model::strategy_form::{fields, whole_rule, StrategyDraft, Violation};
use ocp_model::{Lang, StorageType};

/// What the form says is wrong: rules checked locally (shown once a save was tried) and the
/// server's refusal, each placed by field name.
#[derive(Clone, Copy)]
pub struct FormErrors {
    pub local: Signal<Vec<Violation>>,
    pub server: RwSignal<Vec<Violation>>,
    pub attempted: RwSignal<bool>,
}

impl FormErrors {
    pub fn for_field(&self, field: &str, lang: Lang) -> Option<String> {
        let local = if self.attempted.get() {
            self.local.get()
        } else {
            Vec::new()
        };
        local
            .iter()
            .chain(self.server.get().iter())
            .find(|e| e.field == field)
            .map(|e| e.message(lang).to_owned())
    }
}

/// One labelled input bound to a draft field, with its help and its error. The draft holds
/// the text as typed; a time or a number is read by the model's rules ([`StrategyDraft::
/// input_problems`] keeps Save disabled while one cannot be taken) and the reason is shown
/// beside it at once.
#[component]
pub fn DraftInput(
    draft: RwSignal<StrategyDraft>,
    errors: FormErrors,
    /// The element id (also what tests and labels refer to).
    id: &'static str,
    /// The field's JSON path, as errors name it.
    #[prop(into)]
    field: String,
    label: Msg,
    #[prop(optional)] help: Option<Msg>,
    /// What the field holds: text, password, time (HH:MM) or number (a whole number within
    /// the server's bounds for the field, [`whole_rule`]).
    #[prop(default = "text")]
    kind: &'static str,
    get: fn(&StrategyDraft) -> String,
    set: fn(&mut StrategyDraft, String),
) -> impl IntoView {
    let i18n = use_i18n();
    let typed_kind = match kind {
        "time" => Some(Kind::Time),
        "number" => whole_rule(&field).map(Kind::Whole),
        _ => None,
    };
    let text = Signal::derive(move || draft.with(get));
    let on_text = Callback::new(move |v: String| draft.update(|d| set(d, v)));
    let help_id = help.map(|_| format!("{id}-help"));
    let help_view = help.map(|h| {
        view! { <span class="field__help" id=format!("{id}-help")>{move || i18n.t(h)}</span> }
    });
    let input = match typed_kind {
        Some(k) => {
            let f = field.clone();
            let required = Signal::derive(move || draft.with(|d| d.requires(&f)));
            let f = field.clone();
            let error = Signal::derive(move || errors.for_field(&f, i18n.lang.get()));
            view! {
                <TypedInput kind=k text on_text id=id testid=id required error help_id=help_id.clone() />
            }
            .into_any()
        }
        None => {
            let error = Memo::new(move |_| errors.for_field(&field, i18n.lang.get()));
            let error_id = format!("{id}-error");
            let described = move || {
                let mut ids = Vec::new();
                if help.is_some() {
                    ids.push(format!("{id}-help"));
                }
                if error.with(Option::is_some) {
                    ids.push(format!("{id}-error"));
                }
                ids.join(" ")
            };
            view! {
                <TextEntry
                    text
                    on_text
                    id=Some(id.to_owned())
                    input_type=if kind == "password" { "password" } else { "text" }
                    invalid=Signal::derive(move || error.with(Option::is_some))
                    described_by=Signal::derive(described)
                />
                {move || error.get().map(|e| view! { <span class="field__error" id=error_id.clone() role="alert">{e}</span> })}
            }
            .into_any()
        }
    };
    view! {
        <label class="field">
            <span class="field__label">{move || i18n.t(label)}</span>
            {input}
            {help_view}
        </label>
    }
}

fn storage_label(t: &StorageType, lang: Lang) -> String {
    match t {
        StorageType::File => Msg::StorageFile.text(lang).to_owned(),
        StorageType::Oss => "Alibaba Cloud OSS".to_owned(),
        StorageType::Cos => "Tencent Cloud COS".to_owned(),
        StorageType::S3 => "Amazon S3".to_owned(),
        StorageType::Other(s) => s.clone(),
    }
}

/// Storage: FILE asks for a path and a capacity alarm; OSS, COS and S3 for an endpoint and a
/// key (COS also an app id, S3 a region). The secret is write-only: shown as set or not, never
/// filled from the server, sent only when typed.
#[component]
pub fn StorageFields(draft: RwSignal<StrategyDraft>, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let storage_type = Memo::new(move |_| draft.with(|d| d.storage.storage_type.clone()));
    let secret_help = move || {
        i18n.t(if draft.with(|d| d.storage.secret_on_server) {
            Msg::SecretSet
        } else {
            Msg::SecretNotSet
        })
    };
    let key_field = move |name: &str| fields::access_key(&storage_type.get_untracked(), name);
    view! {
        <fieldset class="card strategy-form__section" data-testid="storage">
            <legend>{move || i18n.t(Msg::SectionStorage)}</legend>
            <label class="field">
                <span class="field__label">{move || i18n.t(Msg::StorageType)}</span>
                <select
                    id="storage-type"
                    prop:value=move || storage_type.get().as_str().to_owned()
                    on:change=move |ev| draft.update(|d| d.storage.storage_type = StorageType::from_wire(&event_target_value(&ev)))
                >
                    {[StorageType::File, StorageType::Oss, StorageType::Cos, StorageType::S3]
                        .into_iter()
                        .map(|t| {
                            let value = t.as_str().to_owned();
                            let t2 = t.clone();
                            view! {
                                <option value=value selected=move || storage_type.get() == t2>
                                    {move || storage_label(&t, i18n.lang.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="strategy-form__row">
                <DraftInput draft errors id="config-name" field=fields::CONFIG_NAME label=Msg::ConfigName help=Msg::ConfigNameHelp
                    get=|d| d.storage.config_name.clone() set=|d, v| d.storage.config_name = v />
                <DraftInput draft errors id="storage-path" field=fields::STORAGE_URL label=Msg::StoragePath help=Msg::StoragePathHelp
                    get=|d| d.storage.path.clone() set=|d, v| d.storage.path = v />
            </div>
            {move || match storage_type.get() {
                StorageType::File => view! {
                    <div class="strategy-form__row">
                        <DraftInput draft errors id="alarm-percent" field=fields::ALARM_PERCENT label=Msg::AlarmPercent kind="number"
                            get=|d| d.storage.alarm_percent.clone() set=|d, v| d.storage.alarm_percent = v />
                    </div>
                }
                .into_any(),
                t => view! {
                    <div class="strategy-form__row" data-testid="access-key-fields">
                        <DraftInput draft errors id="endpoint" field=key_field("endpoint") label=Msg::Endpoint
                            get=|d| d.storage.endpoint.clone() set=|d, v| d.storage.endpoint = v />
                        <DraftInput draft errors id="access-key-id" field=key_field("accessKeyId") label=Msg::AccessKeyId
                            get=|d| d.storage.access_key_id.clone() set=|d, v| d.storage.access_key_id = v />
                        <div class="field-group">
                            <DraftInput draft errors id="access-key-secret" field=key_field("accessKeySecret") label=Msg::AccessKeySecret kind="password"
                                get=|d| d.storage.secret.clone() set=|d, v| d.storage.secret = v />
                            <span class="field__help" data-testid="secret-state">{secret_help}</span>
                        </div>
                        {(t == StorageType::Cos).then(|| view! {
                            <DraftInput draft errors id="app-id" field=key_field("appId") label=Msg::AppId
                                get=|d| d.storage.app_id.clone() set=|d, v| d.storage.app_id = v />
                        })}
                        {(t == StorageType::S3).then(|| view! {
                            <DraftInput draft errors id="region" field=key_field("region") label=Msg::Region
                                get=|d| d.storage.region.clone() set=|d, v| d.storage.region = v />
                        })}
                    </div>
                }
                .into_any(),
            }}
        </fieldset>
    }
}
