//! `/clusters/:id/restore?step=…`: the restore wizard (ocp-api.md 2.6). Four steps (source and
//! point, target and name, zones, review), every choice in the URL so Back, Forward and a
//! reload keep it; then the submitted restore is followed to its end (`job=`).

mod follow;
mod review;
mod source;
mod target;
mod zones;

use crate::api::{use_api, ApiError};
use crate::app::AppRoute;
use crate::clock::browser_offset_at;
use crate::components::Latest;
use crate::i18n::{use_i18n, Msg};
use crate::pages::use_cluster_id;
use chrono::FixedOffset;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use ocp_model::restore_wizard::{RestoreQuery, RestoreStep};
use ocp_model::timeline::format_micros;
use ocp_model::{BackupInfo, Cluster, Paged, UnitSpec};

/// What every step reads and how it changes the wizard's URL.
#[derive(Clone, Copy)]
pub(crate) struct Wizard {
    /// The source cluster (the page's `:id`).
    pub cluster_id: i64,
    pub query: Memo<RestoreQuery>,
    /// Replaces the URL's choices (an edit) or pushes a new history entry (a step).
    go: Callback<(RestoreQuery, bool)>,
    /// The source cluster's recoverable windows, per tenant.
    pub info: Latest<BackupInfo>,
    /// Every cluster: the source's version and the targets.
    pub clusters: Latest<Paged<Cluster>>,
    pub specs: Latest<Paged<UnitSpec>>,
}

impl Wizard {
    /// Applies an edit in place (no new history entry).
    pub fn edit(&self, f: impl FnOnce(&mut RestoreQuery)) {
        let mut q = self.query.get_untracked();
        f(&mut q);
        self.go.run((q, false));
    }

    /// Moves to `step`, as a new history entry, so Back returns here.
    pub fn step(&self, step: RestoreStep) {
        let mut q = self.query.get_untracked();
        q.step = step;
        self.go.run((q, true));
    }

    /// Opens another state of the wizard as a new history entry.
    pub fn open(&self, q: RestoreQuery) {
        self.go.run((q, true));
    }

    pub fn source_cluster(&self) -> Option<Cluster> {
        self.clusters.value.with(|c| {
            c.as_ref()?
                .contents
                .iter()
                .find(|c| c.id == self.cluster_id)
                .cloned()
        })
    }

    pub fn target_cluster(&self) -> Option<Cluster> {
        let id = self.query.with(|q| q.target)?;
        self.clusters
            .value
            .with(|c| c.as_ref()?.contents.iter().find(|c| c.id == id).cloned())
    }

    /// The offset OCP writes this cluster's times in; `None` until known (never assumed).
    pub fn cluster_offset(&self) -> Option<FixedOffset> {
        let from_answer = self.info.value.with(|i| {
            i.as_ref()
                .and_then(ocp_model::timeline::lanes::cluster_offset)
        });
        // Without windows, the offset OCP wrote the cluster's own times in.
        from_answer
            .or_else(|| self.source_cluster()?.create_time.map(|t| t.offset()))
            .or_else(|| self.query.with(|q| q.at.map(|t| t.offset())))
    }
}

/// An instant to the microsecond in the cluster's offset, and in the browser's when it differs.
pub(crate) fn show_both(t_us: i64, cluster: Option<FixedOffset>) -> String {
    let browser = browser_offset_at(t_us.div_euclid(1000));
    match cluster {
        Some(c) if c != browser => format!(
            "{} ({})",
            format_micros(t_us, c),
            format_micros(t_us, browser)
        ),
        Some(c) => format_micros(t_us, c),
        None => format_micros(t_us, browser),
    }
}

#[component]
pub fn RestorePage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let cluster_id = use_cluster_id();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map
            .with(|m| RestoreQuery::from_pairs(m.latest_values().map(|(k, v)| (k.as_ref(), v))))
    });
    // Windows are read again every 15 s: "latest" and the checks follow the archive.
    let reread = crate::pages::Reload::new();
    // Opened from a tenant's page, the tenant's own windows (ocp-api.md 2b.8).
    let windows_scope = Memo::new(move |_| {
        cluster_id
            .get()
            .map(|id| query.with(|q| q.windows_scope(id)))
    });
    let info = LocalResource::new(move || {
        reread.track();
        let fut = windows_scope
            .get()
            .map(|scope| api.backup_info(scope).fetch());
        async move { fut?.await }
    });
    crate::pages::use_refresh(std::time::Duration::from_secs(15), move || reread.bump());
    let clusters = LocalResource::new(move || api.all_clusters());
    let specs = LocalResource::new(move || api.unit_specs().fetch());
    let (info, clusters, specs) = (Latest::of(info), Latest::of(clusters), Latest::of(specs));
    let navigate = use_navigate();
    move || {
        let id = match cluster_id.get() {
            Ok(id) => id,
            Err(e) => return view! { <crate::components::ErrorView error=e /> }.into_any(),
        };
        let navigate = navigate.clone();
        let go = Callback::new(move |(q, push): (RestoreQuery, bool)| {
            navigate(
                &AppRoute::Restore {
                    cluster_id: id,
                    query: q,
                }
                .href(),
                NavigateOptions {
                    replace: !push,
                    scroll: push,
                    ..Default::default()
                },
            );
        });
        let wizard = Wizard {
            cluster_id: id,
            query,
            go,
            info,
            clusters,
            specs,
        };
        provide_context(wizard);
        keep_draft(wizard);
        // Only a new job swaps the steps for the follow view: edits must not re-create the
        // step (and lose the focus of the field being typed in).
        let job = Memo::new(move |_| query.with(|q| q.job));
        let cluster_name = move || {
            wizard
                .source_cluster()
                .map(|c| c.name)
                .unwrap_or_else(|| id.to_string())
        };
        view! {
            <section class="page restore-page" data-testid="restore-page">
                <header class="page__head">
                    <div>
                        <p class="muted">
                            <A href=AppRoute::Overview { cluster_id: id }.href()>{cluster_name}</A>
                            " / " {move || i18n.t(Msg::RestoreTitle)}
                        </p>
                        <h1>{move || i18n.fmt(Msg::RestoreHeading, &[("cluster", &cluster_name())])}</h1>
                    </div>
                </header>
                {move || match job.get() {
                    Some(job) => view! { <follow::RestoreFollow job=job /> }.into_any(),
                    None => view! { <Steps /> }.into_any(),
                }}
            </section>
        }
        .into_any()
    }
}

/// Keeps the wizard's choices for this tab, so a trip to the timeline ("Pick on the
/// timeline", which comes back with only the tenant and the point) loses nothing: choices the
/// URL lacks are taken back from the last ones of the same cluster and tenant. The query holds
/// no secret.
fn keep_draft(w: Wizard) {
    use crate::storage::Store;
    let key = format!("obc.restore.draft.{}", w.cluster_id);
    let q = w.query.get_untracked();
    let bare = q.target.is_none() && q.name.is_none() && q.zones.is_empty() && q.job.is_none();
    if bare {
        let saved = Store::Session.read(&key).map(|s| {
            let pairs: Vec<(String, String)> = s
                .split('&')
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| {
                    let v = js_sys::decode_uri_component(v)
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default();
                    (k.to_owned(), v)
                })
                .collect();
            RestoreQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        });
        if let Some(saved) = saved.filter(|d| d.tenant == q.tenant && d.tenant.is_some()) {
            // After this render: navigating while the page is being built is not safe.
            request_animation_frame(move || {
                w.edit(|now| {
                    now.target = saved.target;
                    now.name = saved.name;
                    now.zones = saved.zones;
                    now.primary = saved.primary;
                })
            });
        }
    }
    Effect::new(move || {
        let q = w.query.get();
        if q.job.is_none() {
            let text: Vec<String> = q
                .to_pairs()
                .into_iter()
                .map(|(k, v)| format!("{k}={}", crate::api::endpoints::encode(&v)))
                .collect();
            Store::Session.write(&key, &text.join("&"));
        }
    });
}

/// The step indicator and the step shown.
#[component]
fn Steps() -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    let shown = Memo::new(move |_| w.query.with(RestoreQuery::shown_step));
    let reachable = Memo::new(move |_| w.query.with(RestoreQuery::first_incomplete));
    let title = |s: RestoreStep| match s {
        RestoreStep::Source => Msg::RestoreStepSource,
        RestoreStep::Target => Msg::RestoreStepTarget,
        RestoreStep::Zones => Msg::RestoreStepZones,
        RestoreStep::Review => Msg::RestoreStepReview,
    };
    let indicator = RestoreStep::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let current = move || shown.get() == s;
            view! {
                <li class="wizard-steps__item" class:wizard-steps__item--current=current data-step=s.as_str()>
                    <button
                        type="button"
                        class="link-button"
                        aria-current=move || current().then_some("step")
                        disabled=move || { s > reachable.get() || current() }
                        on:click=move |_| w.step(s)
                    >
                        <span class="wizard-steps__number">{i + 1}</span>
                        {move || i18n.t(title(s))}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="wizard-steps" data-testid="wizard-steps">{indicator}</ol>
        <div class="wizard-body" data-testid="wizard-step" data-step=move || shown.get().as_str()>
            {move || match shown.get() {
                RestoreStep::Source => view! { <source::SourceStep /> }.into_any(),
                RestoreStep::Target => view! { <target::TargetStep /> }.into_any(),
                RestoreStep::Zones => view! { <zones::ZonesStep /> }.into_any(),
                RestoreStep::Review => view! { <review::ReviewStep /> }.into_any(),
            }}
        </div>
    }
}

/// Back and Next at the foot of a step. Next is disabled (with the reason beside it) until the
/// step's choices are complete.
#[component]
pub(crate) fn StepNav(
    #[prop(optional)] back: Option<RestoreStep>,
    next: RestoreStep,
    #[prop(into)] ready: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let w = expect_context::<Wizard>();
    view! {
        <div class="wizard-nav">
            {back.map(|b| view! {
                <button type="button" class="button" data-testid="wizard-back" on:click=move |_| w.step(b)>
                    {move || i18n.t(Msg::WizardBack)}
                </button>
            })}
            <button
                type="button"
                class="button button--primary"
                data-testid="wizard-next"
                disabled=move || !ready.get()
                on:click=move |_| w.step(next)
            >
                {move || i18n.t(Msg::WizardNext)}
            </button>
        </div>
    }
}

/// Reads that every step shares failed: shown once, with a retry.
pub(crate) fn load_error(e: ApiError) -> impl IntoView {
    let api = use_api();
    view! { <crate::components::ErrorView error=e on_retry=Callback::new(move |_| api.retry()) /> }
}
