//! The router, and the one place where every route's path lives.

use crate::api::endpoints::encode;
use crate::api::Api;
use crate::chunk::{page_chunk, ChunkedPage};
use crate::clock::Clock;
use crate::components::shell::Embed;
use crate::components::Shell;
use crate::i18n::{initial_lang, I18n};
use crate::pages::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use ocp_model::restore_wizard::RestoreQuery;
use ocp_model::task_list::TaskQuery;
use ocp_model::timeline::WindowsQuery;
use ocp_model::BackupScope;

/// Every page of the console. Links are built from this, never typed by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppRoute {
    Clusters,
    Overview {
        cluster_id: i64,
    },
    Strategy {
        cluster_id: i64,
    },
    /// The task lists, in the view `query` describes.
    Tasks {
        cluster_id: i64,
        query: TaskQuery,
    },
    Settings,
    /// One OCP task of a cluster: its subtasks, progress and errors.
    TaskDetail {
        cluster_id: i64,
        task_id: i64,
    },
    /// The recoverable-window timeline, one tenant or the union, a week and a picked point.
    Windows {
        cluster_id: i64,
        query: WindowsQuery,
    },
    /// The restore wizard, at the step and with the choices `query` holds.
    Restore {
        cluster_id: i64,
        query: RestoreQuery,
    },
    /// One tenant's backup (OB 4.x, ocp-api.md 2b): whose strategy governs it, its state,
    /// its actions.
    TenantOverview {
        cluster_id: i64,
        tenant_id: i64,
    },
    /// The strategy editor on a tenant's own strategy.
    TenantStrategy {
        cluster_id: i64,
        tenant_id: i64,
    },
    /// A tenant's task lists.
    TenantTasks {
        cluster_id: i64,
        tenant_id: i64,
        query: TaskQuery,
    },
    /// A tenant's recoverable-window timeline.
    TenantWindows {
        cluster_id: i64,
        tenant_id: i64,
        query: WindowsQuery,
    },
}

/// `?k=v&…`, values percent-encoded; empty when there is nothing to say.
fn query_string(pairs: Vec<(&'static str, String)>) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect();
    format!("?{}", pairs.join("&"))
}

impl AppRoute {
    /// The overview of a cluster or of one tenant.
    pub fn overview_of(scope: BackupScope) -> Self {
        match scope {
            BackupScope::Cluster { cluster_id } => AppRoute::Overview { cluster_id },
            BackupScope::Tenant {
                cluster_id,
                tenant_id,
            } => AppRoute::TenantOverview {
                cluster_id,
                tenant_id,
            },
        }
    }

    /// The strategy editor of a cluster or of one tenant.
    pub fn strategy_of(scope: BackupScope) -> Self {
        match scope {
            BackupScope::Cluster { cluster_id } => AppRoute::Strategy { cluster_id },
            BackupScope::Tenant {
                cluster_id,
                tenant_id,
            } => AppRoute::TenantStrategy {
                cluster_id,
                tenant_id,
            },
        }
    }

    /// The task lists of a cluster or of one tenant.
    pub fn tasks_of(scope: BackupScope, query: TaskQuery) -> Self {
        match scope {
            BackupScope::Cluster { cluster_id } => AppRoute::Tasks { cluster_id, query },
            BackupScope::Tenant {
                cluster_id,
                tenant_id,
            } => AppRoute::TenantTasks {
                cluster_id,
                tenant_id,
                query,
            },
        }
    }

    /// The window timeline of a cluster or of one tenant.
    pub fn windows_of(scope: BackupScope, query: WindowsQuery) -> Self {
        match scope {
            BackupScope::Cluster { cluster_id } => AppRoute::Windows { cluster_id, query },
            BackupScope::Tenant {
                cluster_id,
                tenant_id,
            } => AppRoute::TenantWindows {
                cluster_id,
                tenant_id,
                query,
            },
        }
    }

    /// The link to the page, under the path the console is served at (`--public-url`).
    pub fn href(&self) -> String {
        format!("{}{}", base_path(), self.path())
    }

    /// The path inside the console, as the router matches it.
    fn path(&self) -> String {
        match self {
            AppRoute::Clusters => "/".to_owned(),
            AppRoute::Overview { cluster_id } => format!("/clusters/{cluster_id}"),
            AppRoute::Strategy { cluster_id } => format!("/clusters/{cluster_id}/strategy"),
            AppRoute::Tasks { cluster_id, query } => format!(
                "/clusters/{cluster_id}/tasks{}",
                query_string(query.to_pairs())
            ),
            AppRoute::Settings => "/settings".to_owned(),
            AppRoute::TaskDetail {
                cluster_id,
                task_id,
            } => format!("/clusters/{cluster_id}/tasks/{task_id}"),
            AppRoute::Windows { cluster_id, query } => format!(
                "/clusters/{cluster_id}/windows{}",
                query_string(query.to_pairs())
            ),
            AppRoute::Restore { cluster_id, query } => format!(
                "/clusters/{cluster_id}/restore{}",
                query_string(query.to_pairs())
            ),
            AppRoute::TenantOverview {
                cluster_id,
                tenant_id,
            } => format!("/clusters/{cluster_id}/tenants/{tenant_id}"),
            AppRoute::TenantStrategy {
                cluster_id,
                tenant_id,
            } => format!("/clusters/{cluster_id}/tenants/{tenant_id}/strategy"),
            AppRoute::TenantTasks {
                cluster_id,
                tenant_id,
                query,
            } => format!(
                "/clusters/{cluster_id}/tenants/{tenant_id}/tasks{}",
                query_string(query.to_pairs())
            ),
            AppRoute::TenantWindows {
                cluster_id,
                tenant_id,
                query,
            } => format!(
                "/clusters/{cluster_id}/tenants/{tenant_id}/windows{}",
                query_string(query.to_pairs())
            ),
        }
    }
}

/// The path the console is served under (`trunk --public-url`), from `<base href>`: `""` at
/// the root, else `/console`. Read once; it cannot change while the page lives.
pub fn base_path() -> &'static str {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BASE.get_or_init(read_base_path)
}

fn read_base_path() -> String {
    let href = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("base").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_default();
    href.trim_end_matches('/').to_owned()
}

/// Chrome-less inside a portal: the start script decides (`?embed=1`, kept for the tab) and
/// marks `<html data-embed>`; it also does the talking to the portal (xtask/src/start.js).
fn embed_mode() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|e| e.get_attribute("data-embed").as_deref() == Some("1"))
}

/// Provides the contexts every page relies on: language, API client, clock.
pub fn provide_app_context() {
    let i18n = I18n::new(initial_lang());
    provide_context(i18n);
    let api = Api::new(i18n.lang.into());
    provide_context(api);
    provide_context(crate::query::QueryClient::start(api));
    provide_context(Clock::start(api));
    // <html lang> follows the chosen language, for screen readers and fonts.
    Effect::new(move || {
        let tag = i18n.lang.get().tag();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", tag);
        }
    });
}

// Every page its own chunk: a visit downloads the shell and the pages it opens, no more.
page_chunk!(clusters_page, crate::pages::ClustersPage);
page_chunk!(overview_page, crate::pages::OverviewPage);
page_chunk!(strategy_page, crate::pages::StrategyPage);
page_chunk!(tasks_page, crate::pages::TasksPage);
page_chunk!(settings_page, crate::pages::SettingsPage);
page_chunk!(task_detail_page, crate::pages::TaskDetailPage);
page_chunk!(windows_page, crate::pages::WindowsPage);
page_chunk!(restore_page, crate::pages::RestorePage);
page_chunk!(tenant_page, crate::pages::TenantPage);

#[component]
pub fn App() -> impl IntoView {
    provide_app_context();
    provide_context(Embed(embed_mode()));
    view! {
        <Router base=base_path()>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <ChunkedPage load=clusters_page /> } />
                    <Route path=path!("/clusters/:id") view=|| view! { <ChunkedPage load=overview_page /> } />
                    <Route path=path!("/clusters/:id/strategy") view=|| view! { <ChunkedPage load=strategy_page /> } />
                    <Route path=path!("/clusters/:id/tasks") view=|| view! { <ChunkedPage load=tasks_page /> } />
                    <Route path=path!("/settings") view=|| view! { <ChunkedPage load=settings_page /> } />
                    <Route path=path!("/clusters/:id/tasks/:taskId") view=|| view! { <ChunkedPage load=task_detail_page /> } />
                    <Route path=path!("/clusters/:id/windows") view=|| view! { <ChunkedPage load=windows_page /> } />
                    <Route path=path!("/clusters/:id/restore") view=|| view! { <ChunkedPage load=restore_page /> } />
                    <Route path=path!("/clusters/:id/tenants/:tenantId") view=|| view! { <ChunkedPage load=tenant_page /> } />
                    <Route path=path!("/clusters/:id/tenants/:tenantId/strategy") view=|| view! { <ChunkedPage load=strategy_page /> } />
                    <Route path=path!("/clusters/:id/tenants/:tenantId/tasks") view=|| view! { <ChunkedPage load=tasks_page /> } />
                    <Route path=path!("/clusters/:id/tenants/:tenantId/windows") view=|| view! { <ChunkedPage load=windows_page /> } />
                </Routes>
            </Shell>
        </Router>
    }
}
