//! A table of any length that draws only the rows in view (`ocp_model::task_list::visible_range`):
//! rows have one fixed height (CSS `--vtable-row`), spacer rows stand for the others, and rows
//! are keyed, so a refresh updates cells in place and keeps the scroll position.

use leptos::html;
use leptos::prelude::*;
use ocp_model::task_list::visible_range;
use std::collections::HashMap;
use std::ops::Range;

/// Row height in px; must match `.vtable tbody tr` in `style/tasks.css`.
pub const ROW_HEIGHT: f64 = 36.0;
/// Rows drawn beyond each edge of the view, so a quick scroll shows no blank.
pub const OVERSCAN: usize = 10;

/// The rows of a scrolling box that are in view, plus `overscan` on each side: what a windowed
/// table draws (`ocp_model::task_list::visible_range`). Rows have one fixed height (px); the
/// box calls [`measure`](Self::measure) when it scrolls, and spacer rows of
/// [`above`](Self::above) and [`below`](Self::below) px stand for the rows not drawn.
#[derive(Clone, Copy)]
pub struct ScrollWindow {
    pub scroller: NodeRef<html::Div>,
    /// Indexes of the rows to draw.
    pub range: Memo<Range<usize>>,
    total: Memo<usize>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    row_height: f64,
}

impl ScrollWindow {
    /// A window over `total` rows of `row_height` px each.
    pub fn new(
        row_height: f64,
        overscan: usize,
        total: impl Fn() -> usize + Send + Sync + 'static,
    ) -> Self {
        let scroller = NodeRef::<html::Div>::new();
        let scroll_top = RwSignal::new(0.0_f64);
        // Until measured, a typical viewport: enough rows to fill it.
        let viewport = RwSignal::new(720.0_f64);
        let total = Memo::new(move |_| total());
        let range = Memo::new(move |_| {
            visible_range(
                scroll_top.get(),
                viewport.get(),
                row_height,
                overscan,
                total.get(),
            )
        });
        let w = ScrollWindow {
            scroller,
            range,
            total,
            scroll_top,
            viewport,
            row_height,
        };
        Effect::new(move || {
            if scroller.get().is_some() {
                w.measure();
            }
        });
        w
    }

    /// Reads the box's scroll position and height.
    pub fn measure(&self) {
        if let Some(el) = self.scroller.get_untracked() {
            self.scroll_top.set(f64::from(el.scroll_top()));
            // Never more than the window shows, whatever the styles did to the box.
            let window = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64())
                .unwrap_or(1080.0);
            self.viewport.set(f64::from(el.client_height()).min(window));
        }
    }

    /// Scrolls row `i` into view (to the middle) unless it is already.
    pub fn reveal(&self, i: usize) {
        if let Some(el) = self.scroller.get_untracked() {
            let top = i as f64 * self.row_height;
            let (now, view) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
            if top < now || top + self.row_height > now + view {
                el.set_scroll_top((top - view / 2.0).max(0.0) as i32);
                self.measure();
            }
        }
    }

    /// The style of the spacer above the drawn rows.
    pub fn above(&self) -> String {
        format!(
            "height: {}px",
            self.range.get().start as f64 * self.row_height
        )
    }

    /// The style of the spacer below the drawn rows.
    pub fn below(&self) -> String {
        let hidden = self.total.get().saturating_sub(self.range.get().end);
        format!("height: {}px", hidden as f64 * self.row_height)
    }
}

#[component]
pub fn VirtualTable(
    /// Row keys, in display order.
    #[prop(into)]
    keys: Signal<Vec<String>>,
    /// The header row's cells.
    header: ViewFn,
    /// The cells of the row with this key.
    row: Callback<String, AnyView>,
    /// The selected row's key.
    #[prop(into)]
    selected: Signal<Option<String>>,
    /// A row was clicked (or chosen with Enter).
    on_select: Callback<String>,
    /// Columns, for the spacer rows.
    columns: usize,
    /// The table's accessible name.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let index: Memo<HashMap<String, usize>> = Memo::new(move |_| {
        keys.with(|k| k.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect())
    });
    let total = Memo::new(move |_| keys.with(Vec::len));
    let window = ScrollWindow::new(ROW_HEIGHT, OVERSCAN, move || total.get());
    let range = window.range;
    // A selected row far away (a shared link) is brought into view once, when it first appears.
    let revealed = StoredValue::new(None::<String>);
    Effect::new(move || {
        let Some(key) = selected.get() else { return };
        if revealed.get_value().as_ref() == Some(&key) {
            return;
        }
        let Some(i) = index.with(|m| m.get(&key).copied()) else {
            return;
        };
        revealed.set_value(Some(key));
        window.reveal(i);
    });
    let shown = Memo::new(move |_| {
        let r = range.get();
        keys.with(|k| k.get(r).map(<[String]>::to_vec).unwrap_or_default())
    });
    view! {
        // The box scrolls, not the page: its height and overflow are part of the component.
        <div class="vtable" node_ref=window.scroller on:scroll=move |_| window.measure() tabindex="0" role="region"
            style="max-height: min(70vh, 42rem); overflow: auto"
            aria-label=move || label.get()>
            <table aria-rowcount=move || total.get() + 1 data-testid="vtable" data-total=move || total.get()>
                <thead>
                    <tr aria-rowindex="1">{header.run()}</tr>
                </thead>
                <tbody>
                    <tr class="vtable__spacer" aria-hidden="true" style=move || window.above()>
                        <td colspan=columns></td>
                    </tr>
                    <For each=move || shown.get() key=|k| k.clone() let:key>
                        <VirtualRow key index selected on_select row />
                    </For>
                    <tr class="vtable__spacer" aria-hidden="true" style=move || window.below()>
                        <td colspan=columns></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// One drawn row: it stays while its key is in view, whatever else changes.
#[component]
fn VirtualRow(
    key: String,
    index: Memo<HashMap<String, usize>>,
    selected: Signal<Option<String>>,
    on_select: Callback<String>,
    row: Callback<String, AnyView>,
) -> impl IntoView {
    let is_selected = {
        let key = key.clone();
        Memo::new(move |_| selected.with(|s| s.as_ref() == Some(&key)))
    };
    let row_index = {
        let key = key.clone();
        move || index.with(|m| m.get(&key).map_or(0, |i| i + 2))
    };
    let choose = {
        let key = key.clone();
        move || on_select.run(key.clone())
    };
    let on_key = {
        let choose = choose.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" {
                choose();
            }
        }
    };
    let cells = row.run(key.clone());
    view! {
        <tr
            data-testid="vtable-row"
            data-key=key
            aria-rowindex=row_index
            aria-selected=move || is_selected.get().to_string()
            class:vtable__row--selected=move || is_selected.get()
            on:click=move |_| choose()
            on:keydown=on_key
            tabindex="0"
        >
            {cells}
        </tr>
    }
}
