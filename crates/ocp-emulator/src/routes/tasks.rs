//! OCP task instances (ocp-api.md 3): the tasks behind backup writes and restores.

use crate::error::ApiError;
use crate::params::{Id, Params, SubtaskId};
use crate::reply::Data;
use crate::AppState;
use axum::extract::State;
use ocp_model::cluster::TaskStatus;
use ocp_model::Paged;

/// GET /api/v2/tasks/instances/{id}, and its alias GET /api/v2/tasks/{id}
pub async fn one(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    let task = app
        .store
        .task_instance(id)?
        .ok_or_else(|| ApiError::not_found("task", id))?;
    Data::json(&task)
}

/// GET /api/v2/tasks/instances/{id}/subtasks/{subtaskId}/log: `{log}`, the subtask's log
/// lines (a failed one's end with the raw error text).
pub async fn subtask_log(
    State(app): State<AppState>,
    Id(id): Id,
    SubtaskId(sid): SubtaskId,
) -> Result<Data, ApiError> {
    let rec = app
        .store
        .task_record(id)?
        .ok_or_else(|| ApiError::not_found("task", id))?;
    let log =
        crate::views::subtask_log(&rec, sid).ok_or_else(|| ApiError::not_found("subtask", sid))?;
    Data::json(&ocp_model::SubtaskLog { log })
}

/// GET /api/v2/tasks/instances?clusterId&status&page&size, newest first.
pub async fn list(State(app): State<AppState>, p: Params) -> Result<Data, ApiError> {
    let page = p.page()?;
    let cluster_id = p.i64("clusterId")?;
    let status = match p.str("status") {
        Some(s) => {
            let st = TaskStatus::from_wire(&s.to_ascii_uppercase());
            if !st.is_known() {
                return Err(ApiError::invalid_param(
                    "status",
                    s,
                    "expected RUNNING, FAILED or SUCCESSFUL",
                ));
            }
            Some(st)
        }
        None => None,
    };
    let rows = app
        .store
        .task_instances(cluster_id, status.as_ref().map(|s| s.as_str()))?;
    Data::json(&Paged::page_of(rows, page))
}
