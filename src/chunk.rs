//! Pages that arrive in their own wasm chunk.
//!
//! With the `split` feature (every shipped build: `cargo xtask build`), each page's code is cut
//! out of the main module by wasm-split and fetched on the first visit to one of its routes.
//! Without it (`cargo xtask build --single`, the component tests) the same pages are linked in
//! and load at once. Leptos' own `#[lazy_route]` would do the cut, but a chunk that fails to
//! download panics there, and a panic ends the app (leptos#4347); here the failure is an error
//! that is retried and then explained, with the page's address kept.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use std::future::Future;

/// Builds a page once its code is there. A plain function pointer: it may point into a chunk.
pub type PageFn = fn() -> AnyView;

/// A page chunk could not be fetched or instantiated (network, server, a cut-off file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Waits before each try: at once, then after 0.5 s and 2 s (milliseconds). A chunk that is
/// still missing after that is a failure the reader sees.
const RETRY_DELAYS_MS: [u32; 3] = [0, 500, 2_000];

/// Declares `$loader`, an async function giving the page `$page`; with `split`, the page and
/// what only it uses go into a chunk of the same name (`cargo xtask build` maps routes to
/// chunks by the `load=` of each route).
macro_rules! page_chunk {
    ($loader:ident, $page:path) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($loader, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $loader() -> Result<$crate::chunk::PageFn, $crate::chunk::ChunkError> {
            Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page /> }))
        }

        #[cfg(not(feature = "split"))]
        async fn $loader() -> Result<$crate::chunk::PageFn, $crate::chunk::ChunkError> {
            Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page /> }))
        }
    };
}
pub(crate) use page_chunk;

#[derive(Clone, Copy)]
enum Chunk {
    Loading,
    Ready(PageFn),
    Failed,
}

/// Shows the page `load` gives, fetching its chunk first when needed: nothing for the first
/// 300 ms, then "Loading…"; after the retries, the could-not-load message with a retry and a
/// reload. The page is built in this component's place, so it sees the router and contexts.
#[component]
pub fn ChunkedPage<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<PageFn, ChunkError>> + 'static,
{
    let i18n = use_i18n();
    let state = RwSignal::new(Chunk::Loading);
    let slow = RwSignal::new(false);
    let fetch = move || {
        state.set(Chunk::Loading);
        leptos::task::spawn_local(async move {
            for delay in RETRY_DELAYS_MS {
                if delay > 0 {
                    gloo_timers::future::TimeoutFuture::new(delay).await;
                }
                if let Ok(page) = load().await {
                    state.set(Chunk::Ready(page));
                    return;
                }
            }
            state.set(Chunk::Failed);
        });
    };
    fetch();
    // A loaded chunk answers within a microtask: no flicker of the loading line.
    set_timeout(
        move || slow.set(true),
        std::time::Duration::from_millis(300),
    );
    move || match state.get() {
        Chunk::Ready(page) => page(),
        Chunk::Loading => view! {
            <Show when=move || slow.get()>
                <p class="chunk-loading" role="status">{move || i18n.t(Msg::Loading)}</p>
            </Show>
        }
        .into_any(),
        Chunk::Failed => {
            view! { <ChunkFailed on_retry=Callback::new(move |()| fetch()) /> }.into_any()
        }
    }
}

/// The console's code could not be loaded: why, what to do, retry here or reload. The same
/// words as index.html's start failure, which shows before the app can.
#[component]
fn ChunkFailed(on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <div class="error-view" role="alert" data-testid="chunk-failed">
            <p class="error-view__title">{move || i18n.t(Msg::ChunkFailedTitle)}</p>
            <p class="error-view__hint">{move || i18n.t(Msg::ChunkFailedHint)}</p>
            <div class="error-view__actions">
                <button class="button button--primary" data-testid="retry" on:click=move |_| on_retry.run(())>
                    {move || i18n.t(Msg::Retry)}
                </button>
                <button class="button" on:click=reload>{move || i18n.t(Msg::Reload)}</button>
            </div>
        </div>
    }
}
