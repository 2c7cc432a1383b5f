//! One choice among a few, as a labelled radio group: a list (settings) or segmented buttons
//! (the editor's switches). Each option's input has the id `{name}-{key}`.

use leptos::prelude::*;

/// One option: its value, its key on the page (value attribute and id), its label.
pub struct Choice<T> {
    pub value: T,
    pub key: String,
    pub label: Signal<String>,
}

impl<T> Choice<T> {
    pub fn new(value: T, key: impl Into<String>, label: impl Into<Signal<String>>) -> Self {
        Self {
            value,
            key: key.into(),
            label: label.into(),
        }
    }
}

#[component]
pub fn RadioChoice<T>(
    /// The group's name, and the prefix of each option's id.
    name: &'static str,
    /// What the group is about, for screen readers.
    #[prop(into)]
    label: Signal<String>,
    options: Vec<Choice<T>>,
    /// The chosen value.
    #[prop(into)]
    selected: Signal<T>,
    /// Called with the value a person picks.
    on_choose: Callback<T>,
    /// Segmented buttons instead of a list.
    #[prop(optional)]
    segmented: bool,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let (group_class, option_class) = if segmented {
        ("segmented", "segmented__option")
    } else {
        ("radio-list", "radio")
    };
    view! {
        <div class=group_class role="radiogroup" aria-label=move || label.get()>
            {options
                .into_iter()
                .map(|c| {
                    let checked = c.value.clone();
                    let chosen = c.value;
                    view! {
                        <label class=option_class>
                            <input
                                type="radio"
                                name=name
                                id=format!("{name}-{}", c.key)
                                value=c.key
                                prop:checked=move || selected.with(|s| *s == checked)
                                on:change=move |_| on_choose.run(chosen.clone())
                            />
                            {c.label}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}
