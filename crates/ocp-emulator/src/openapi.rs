//! `GET /api-docs/openapi.json`: an OpenAPI 3.1 description of the emulated API (ocp-api.md
//! sections 2 and 3, writes included), its schemas generated from the model types (feature
//! `openapi` of ocp-model). No authentication is needed to read it.
//!
//! Every operation answers the success envelope `{data, successful, status, timestamp,
//! duration, traceId, server}` with its own `data`, and the error envelope for 4xx (and as
//! `default`). Security: HTTP Basic.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use ocp_model::{
    Ability, BackupInfo, BackupNowParam, BackupStrategy, Cluster, DataBackupTask, ErrorBody,
    LogBackupTask, OpsResult, Overview, Paged, RestoreParam, RestoreTask, StampTime, StrategyParam,
    SubtaskLog, TaskInstance, Tenant, UnitSpec,
};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

/// What every `error.code` the emulator sends looks like.
pub const ERROR_CODE_PATTERN: &str = "^[A-Z]{3}[0-9]{5}$";

/// Where the document is served.
pub const PATH: &str = "/api-docs/openapi.json";

/// The document, built once.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(build)
}

/// The handler: the document as JSON.
pub async fn serve() -> Response {
    let body = serde_json::to_vec(document()).unwrap_or_default();
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

/// A query or path parameter.
struct Param {
    name: &'static str,
    location: &'static str,
    description: &'static str,
    schema: Value,
}

fn path_id(description: &'static str) -> Param {
    Param {
        name: "id",
        location: "path",
        description,
        schema: json!({"type": "integer", "format": "int64", "minimum": 1, "examples": [1000001]}),
    }
}

fn tenant_id() -> Param {
    Param {
        name: "tenantId",
        location: "path",
        description: "OCP's tenant id (not obTenantId).",
        schema: json!({"type": "integer", "format": "int64", "minimum": 1, "examples": [1000101]}),
    }
}

fn subtask_id() -> Param {
    Param {
        name: "subtaskId",
        location: "path",
        description: "A subtask of the task (its `subtasks[].id`).",
        schema: json!({"type": "integer", "format": "int64", "minimum": 1, "examples": [4000001]}),
    }
}

fn query(name: &'static str, description: &'static str, schema: Value) -> Param {
    Param {
        name,
        location: "query",
        description,
        schema,
    }
}

fn paging() -> Vec<Param> {
    vec![
        query(
            "page",
            "Page number, from 1 (default 1).",
            json!({"type": "integer", "minimum": 1}),
        ),
        query(
            "size",
            "Rows per page (default 10, at most 2000; larger values are clamped).",
            json!({"type": "integer", "minimum": 1, "maximum": 2000}),
        ),
    ]
}

fn time_range() -> Vec<Param> {
    let t = json!({
        "type": "string",
        "format": "date-time",
        "description": "Any date-time format of ocp-api.md 1.5 (RFC 3339, `+0800` offsets, 0-9 fraction digits).",
        "examples": ["2021-09-16T15:14:51.397+08:00", "2024-08-06T00:00:00Z"],
    });
    vec![
        query("startTime", "Start of the time range.", t.clone()),
        query(
            "endTime",
            "End of the time range (not before startTime).",
            t,
        ),
    ]
}

fn int64() -> Value {
    json!({"type": "integer", "format": "int64"})
}

/// One operation of the document.
struct Op {
    method: &'static str,
    path: String,
    id: &'static str,
    summary: &'static str,
    params: Vec<Param>,
    body: Option<Value>,
    /// The schema of `data` in the success envelope.
    data: Value,
    write: bool,
    /// OpenAPI links from the success response to other operations (stateful testing).
    links: Value,
}

impl Op {
    fn get(path: impl Into<String>, id: &'static str, summary: &'static str, data: Value) -> Op {
        Op {
            method: "get",
            path: path.into(),
            id,
            summary,
            params: Vec::new(),
            body: None,
            data,
            write: false,
            links: Value::Null,
        }
    }

    fn write(
        method: &'static str,
        path: impl Into<String>,
        id: &'static str,
        summary: &'static str,
        body: Option<Value>,
        data: Value,
    ) -> Op {
        Op {
            method,
            path: path.into(),
            id,
            summary,
            params: Vec::new(),
            body,
            data,
            write: true,
            links: Value::Null,
        }
    }

    fn params(mut self, params: impl IntoIterator<Item = Param>) -> Op {
        self.params.extend(params);
        self
    }

    /// Links feeding `id` of `targets` from `pointer` in this operation's response body.
    fn links(mut self, pointer: &str, targets: &[&str]) -> Op {
        let mut map = Map::new();
        for t in targets {
            map.insert(
                (*t).to_owned(),
                json!({"operationId": t, "parameters": {"id": format!("$response.body#{pointer}")}}),
            );
        }
        self.links = Value::Object(map);
        self
    }

    /// Links from a tenant list to tenant operations: its cluster and its first tenant.
    fn links_to_tenant(self, targets: &[&str]) -> Op {
        targets.iter().fold(self, |op, t| {
            op.link(
                t,
                json!({"id": "$request.path.id", "tenantId": "$response.body#/data/contents/0/id"}),
            )
        })
    }

    /// One link to `target` with these parameter expressions.
    fn link(mut self, target: &str, parameters: Value) -> Op {
        if !self.links.is_object() {
            self.links = json!({});
        }
        self.links[target] = json!({"operationId": target, "parameters": parameters});
        self
    }

    fn to_json(&self) -> Value {
        let mut params: Vec<Value> = self
            .params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name,
                    "in": p.location,
                    "required": p.location == "path",
                    "description": p.description,
                    "schema": p.schema,
                })
            })
            .collect();
        if self.write {
            params.push(json!({
                "name": crate::security::CONSOLE_HEADER_NAME,
                "in": "header",
                "required": true,
                "description": "The console's header (any value; it sends 1). A write without \
                    it is refused with 403 COM10005: a page on another site cannot send it \
                    without a CORS preflight, which is never granted.",
                "schema": {"type": "string", "enum": ["1"]},
            }));
        }
        let mut responses = Map::new();
        let mut ok = json!({
            "description": "Success envelope; the payload is in `data`.",
            "content": {"application/json": {"schema": {
                "allOf": [{"$ref": "#/components/schemas/SuccessEnvelope"}],
                "type": "object",
                "required": ["data"],
                "properties": {"data": self.data},
            }}},
        });
        if self.links.is_object() {
            ok["links"] = self.links.clone();
        }
        responses.insert("200".into(), ok);
        let mut errors = vec!["400", "401", "404"];
        if self.write {
            errors.extend(["403", "409", "415"]);
        }
        errors.push("429");
        for code in errors {
            responses.insert(
                code.into(),
                json!({"$ref": format!("#/components/responses/Error{code}")}),
            );
        }
        responses.insert(
            "default".into(),
            json!({"$ref": "#/components/responses/ErrorOther"}),
        );
        let mut op = json!({
            "operationId": self.id,
            "summary": self.summary,
            "tags": [if self.path.contains("/backup") { "backup" } else { "supporting" }],
            "parameters": params,
            "responses": responses,
        });
        match &self.body {
            Some(body) => {
                op["requestBody"] = json!({
                    "required": true,
                    "content": {"application/json": {"schema": body}},
                });
            }
            // A write without a body is still sent as JSON (415 otherwise); a body is ignored.
            None if self.write => {
                op["requestBody"] = json!({
                    "required": false,
                    "description": "None needed (any JSON is ignored), but the request is sent \
                        with Content-Type: application/json like every write.",
                    "content": {"application/json": {"schema": {}}},
                });
            }
            None => {}
        }
        op
    }
}

fn schema_of<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

/// `T` or JSON null.
fn nullable<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    json!({"anyOf": [schema_of::<T>(g), {"type": "null"}]})
}

/// Every operation of ocp-api.md sections 2 and 3, in the order the contract lists them.
fn operations(g: &mut SchemaGenerator) -> Vec<Op> {
    let cluster = "/api/v2/ob/clusters/{id}";
    let backup = "/api/v2/ob/clusters/{id}/backup";
    let strategy = format!("{backup}/config/backupStrategy");
    let cid = || path_id("OCP's cluster id.");
    let ops_result = schema_of::<OpsResult>(g);
    let strategy_param = schema_of::<StrategyParam>(g);
    let by_cluster = [
        "getCluster",
        "listTenants",
        "getBackupStrategy",
        "createBackupStrategy",
        "updateBackupStrategy",
        "deleteBackupStrategy",
        "startBackupSchedule",
        "stopBackupSchedule",
        "getBackupAbility",
        "getBackupOverview",
        "backupNow",
        "listDataBackupTasks",
        "listLogBackupTasks",
        "listRestoreTasks",
        "restore",
        "getRecoverableInfo",
    ];
    let task_of_write = "/data/backupObjectOpsResultList/0/taskIdList/0";
    // Every backup write acts on one cluster and answers an OpsResult whose task can be read.
    let cluster_write = |method, path: &str, id, summary, body| {
        Op::write(method, path, id, summary, body, ops_result.clone())
            .params([cid()])
            .links(task_of_write, &["getTaskInstance"])
    };
    let mut ops = vec![
        Op::get(
            &strategy,
            "getBackupStrategy",
            "The cluster's backup strategy; `data` is null when it has none.",
            nullable::<BackupStrategy>(g),
        )
        .params([cid()]),
        cluster_write(
            "post",
            &strategy,
            "createBackupStrategy",
            "Create the backup strategy (CREATE_BACKUP_STRATEGY).",
            Some(strategy_param.clone()),
        ),
        cluster_write(
            "patch",
            &strategy,
            "updateBackupStrategy",
            "Change parts of the backup strategy (UPDATE_BACKUP_STRATEGY).",
            Some(strategy_param),
        ),
        cluster_write(
            "delete",
            &strategy,
            "deleteBackupStrategy",
            "Delete the backup strategy (DELETE_BACKUP_STRATEGY).",
            None,
        ),
        cluster_write(
            "post",
            &format!("{strategy}/startSchedule"),
            "startBackupSchedule",
            "Resume scheduled backups (START_BACKUP_SCHEDULE).",
            None,
        ),
        cluster_write(
            "post",
            &format!("{strategy}/stopSchedule"),
            "stopBackupSchedule",
            "Pause scheduled backups (STOP_BACKUP_SCHEDULE).",
            None,
        ),
        Op::get(
            format!("{backup}/ability"),
            "getBackupAbility",
            "What kinds of backup the cluster can do now, and why not.",
            schema_of::<Ability>(g),
        )
        .params([cid()]),
        Op::get(
            format!("{backup}/overview"),
            "getBackupOverview",
            "Backup status of the cluster.",
            schema_of::<Overview>(g),
        )
        .params([cid()]),
        cluster_write(
            "post",
            &format!("{backup}/backupNow"),
            "backupNow",
            "Start a full or incremental data backup now (DATA_BACKUP_NOW).",
            Some(schema_of::<BackupNowParam>(g)),
        ),
        Op::get(
            format!("{backup}/task/dataBackupTasks"),
            "listDataBackupTasks",
            "Data backup tasks, newest first. Each row's `taskId` is an OCP task (getTaskInstance).",
            schema_of::<Paged<DataBackupTask>>(g),
        )
        .links("/data/contents/0/taskId", &["getTaskInstance"])
        .params([cid()])
        .params(time_range())
        .params([query(
            "backupSetId",
            "Only the tasks of this backup set.",
            int64(),
        )])
        .params(paging()),
        Op::get(
            format!("{backup}/task/logBackupTasks"),
            "listLogBackupTasks",
            "Log archiving rounds, newest first.",
            schema_of::<Paged<LogBackupTask>>(g),
        )
        .params([cid()])
        .params(time_range())
        .params(paging()),
        Op::get(
            format!("{backup}/task/restoreTasks"),
            "listRestoreTasks",
            "Restores from or into the cluster, newest first.",
            schema_of::<Paged<RestoreTask>>(g),
        )
        .params([cid()])
        .params(time_range())
        .params(paging()),
        cluster_write(
            "post",
            &format!("{backup}/restore"),
            "restore",
            "Restore a tenant into a new tenant (RESTORE).",
            Some(schema_of::<RestoreParam>(g)),
        ),
        Op::get(
            format!("{backup}/info"),
            "getRecoverableInfo",
            "Recoverable windows of the cluster and its tenants (last seven days by default).",
            schema_of::<BackupInfo>(g),
        )
        .params([cid()])
        .params(time_range()),
        Op::get(
            "/api/v2/ob/clusters",
            "listClusters",
            "Clusters.",
            schema_of::<Paged<Cluster>>(g),
        )
        .links("/data/contents/0/id", &by_cluster)
        .params(paging())
        .params([
            query(
                "sort",
                "`field[,asc|desc]`; field one of id, name, obVersion, status, createTime.",
                json!({"type": "string", "examples": ["name,asc", "obVersion,desc"]}),
            ),
            query(
                "name",
                "Part of the cluster name (case-insensitive).",
                json!({"type": "string"}),
            ),
            query(
                "status",
                "Cluster status; repeated or comma-separated for several.",
                json!({"type": "string", "examples": ["RUNNING"]}),
            ),
        ]),
        Op::get(
            cluster,
            "getCluster",
            "One cluster.",
            schema_of::<Cluster>(g),
        )
        .params([cid()]),
        Op::get(
            format!("{cluster}/tenants"),
            "listTenants",
            "The cluster's tenants.",
            schema_of::<Paged<Tenant>>(g),
        )
        .params([cid()])
        .params(paging())
        .params([
            query(
                "sort",
                "`field[,asc|desc]`; field one of id, name, obTenantId, status, createTime.",
                json!({"type": "string", "examples": ["name,asc", "createTime,desc"]}),
            ),
            query(
                "name",
                "Part of the tenant name (case-insensitive).",
                json!({"type": "string"}),
            ),
            query(
                "status",
                "Tenant status; repeated or comma-separated for several.",
                json!({"type": "string", "examples": ["NORMAL"]}),
            ),
        ])
        .link(
            "getTenant",
            json!({"id": "$request.path.id", "tenantId": "$response.body#/data/contents/0/id"}),
        )
        .links_to_tenant(&[
            "getTenantBackupStrategy",
            "listTenantDataBackupTasks",
            "listTenantLogBackupTasks",
            "listTenantRestoreTasks",
            "getTenantRecoverableInfo",
            "tenantBackupNow",
        ]),
        Op::get(
            format!("{cluster}/tenants/{{tenantId}}"),
            "getTenant",
            "One tenant of the cluster (a row of listTenants); 404 for a tenant of another cluster.",
            schema_of::<Tenant>(g),
        )
        .params([cid(), tenant_id()]),
        Op::get(
            "/api/v2/ob/unitSpecs",
            "listUnitSpecs",
            "Unit specs (unpaged: no `page`).",
            schema_of::<Paged<UnitSpec>>(g),
        ),
        Op::get(
            "/api/v2/tasks/instances/{id}",
            "getTaskInstance",
            "One OCP task with its subtasks. Every data backup is one (its row's `taskId`).",
            schema_of::<TaskInstance>(g),
        )
        .params([path_id("The task id.")])
        .link(
            "getSubtaskLog",
            json!({"id": "$request.path.id", "subtaskId": "$response.body#/data/subtasks/0/id"}),
        ),
        Op::get(
            "/api/v2/tasks/instances/{id}/subtasks/{subtaskId}/log",
            "getSubtaskLog",
            "One subtask's log lines, joined by line breaks; a failed subtask's log ends with the raw error text.",
            schema_of::<SubtaskLog>(g),
        )
        .params([path_id("The task id."), subtask_id()]),
        Op::get(
            "/api/v2/tasks/{id}",
            "getTask",
            "The same task as getTaskInstance, at the path OceanBase's Go client follows (alias).",
            schema_of::<TaskInstance>(g),
        )
        .params([path_id("The task id.")]),
        Op::get(
            "/api/v2/tasks/instances",
            "listTaskInstances",
            "OCP tasks, newest first.",
            schema_of::<Paged<TaskInstance>>(g),
        )
        .links("/data/contents/0/id", &["getTaskInstance", "getTask"])
        .params([
            query("clusterId", "Only the tasks of this cluster.", int64()),
            query(
                "status",
                "RUNNING, FAILED or SUCCESSFUL.",
                json!({"type": "string", "examples": ["RUNNING", "FAILED", "SUCCESSFUL"]}),
            ),
        ])
        .params(paging()),
    ];
    ops.extend(tenant_operations(g));
    let stamp = schema_of::<StampTime>(g);
    ops.push(Op::get(
        "/api/v2/info",
        "getServerInfo",
        "Server info and the emulator's clock settings.",
        json!({
            "type": "object",
            "properties": {
                "buildVersion": {"type": ["string", "null"]},
                "buildTime": {"type": ["string", "null"]},
                "serverMode": {"type": ["string", "null"]},
                "timeScale": {"type": "number"},
                "now": stamp,
            },
        }),
    ));
    ops.push(Op::get(
        "/api/v2/time",
        "getServerTime",
        "The server's (emulated) time.",
        stamp,
    ));
    ops
}

/// The tenant-level twins of the backup endpoints (ocp-api.md 2b.1). Their answers send times
/// in other styles than the cluster's (2b.2: `Z` with µs on data and restore rows, `+08:00`
/// on log rows, nanoseconds on info), which the model's per-style schemas do not describe, so
/// `data` is only described as an object here; the tenant tests check the styles byte by byte.
fn tenant_operations(g: &mut SchemaGenerator) -> Vec<Op> {
    let backup = "/api/v2/ob/clusters/{id}/tenants/{tenantId}/backup";
    let strategy = format!("{backup}/config/backupStrategy");
    let ids = || [path_id("OCP's cluster id."), tenant_id()];
    let object = || json!({"type": "object"});
    let write = |method, path: &str, id, summary, body: Option<Value>| {
        Op::write(method, path, id, summary, body, object()).params(ids())
    };
    let strategy_param = schema_of::<StrategyParam>(g);
    let status = |values: &[&str]| {
        query(
            "status",
            "Only rows of these statuses; repeated or comma-separated for several.",
            json!({"type": "array", "items": {"type": "string", "examples": values}}),
        )
    };
    vec![
        Op::get(
            &strategy,
            "getTenantBackupStrategy",
            "The tenant's own backup strategy; 404 BAK21006 when it has none.",
            object(),
        )
        .params(ids()),
        write(
            "post",
            &strategy,
            "createTenantBackupStrategy",
            "Give the tenant its own strategy (OB >= 4.0, physical only); the cluster's stops governing it.",
            Some(strategy_param.clone()),
        ),
        write(
            "patch",
            &strategy,
            "updateTenantBackupStrategy",
            "Change parts of the tenant's strategy.",
            Some(strategy_param),
        ),
        write(
            "delete",
            &strategy,
            "deleteTenantBackupStrategy",
            "Delete the tenant's strategy; the cluster's governs it again.",
            None,
        ),
        write(
            "post",
            &format!("{strategy}/startSchedule"),
            "startTenantBackupSchedule",
            "Resume the tenant's scheduled backups.",
            None,
        ),
        write(
            "post",
            &format!("{strategy}/stopSchedule"),
            "stopTenantBackupSchedule",
            "Pause the tenant's scheduled backups.",
            None,
        ),
        write(
            "post",
            &format!("{backup}/backupNow"),
            "tenantBackupNow",
            "Back the tenant up now (DATA_BACKUP_NOW).",
            Some(schema_of::<BackupNowParam>(g)),
        ),
        Op::get(
            format!("{backup}/task/dataBackupTasks"),
            "listTenantDataBackupTasks",
            "The tenant's data backup tasks, newest first (times in UTC with microseconds).",
            object(),
        )
        .params(ids())
        .params(time_range())
        .params([
            status(&["DOING", "DONE", "FAILED"]),
            query("backupSetId", "Only the tasks of this backup set.", int64()),
        ])
        .params(paging()),
        Op::get(
            format!("{backup}/task/logBackupTasks"),
            "listTenantLogBackupTasks",
            "The tenant's log archiving rounds, newest first (rows say RUNNING; the filter takes INPROGRESS too).",
            object(),
        )
        .params(ids())
        .params(time_range())
        .params([status(&["INPROGRESS", "STOPPED", "INTERRUPTED"])])
        .params(paging()),
        Op::get(
            format!("{backup}/task/restoreTasks"),
            "listTenantRestoreTasks",
            "Restores whose source is the tenant, newest first.",
            object(),
        )
        .params(ids())
        .params(time_range())
        .params([
            status(&["RESTORE_SUCCESS", "RESTORE_FAIL"]),
            query(
                "restoreClusterName",
                "Only restores into these clusters.",
                json!({"type": "array", "items": {"type": "string"}}),
            ),
        ])
        .params(paging()),
        Op::get(
            format!("{backup}/info"),
            "getTenantRecoverableInfo",
            "The tenant's recoverable windows (times with nanoseconds).",
            object(),
        )
        .params(ids())
        .params(time_range()),
    ]
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
    })
}

/// 429: over `--rate-limit` (every `/api` answer then carries the RateLimit fields).
fn throttled_response() -> Value {
    let int = |description: &str| json!({"description": description, "schema": {"type": "integer", "minimum": 0}});
    json!({
        "description": "Too many requests: over the emulator's `--rate-limit` (a fixed window \
            of real time per user; with the flag every /api answer carries the RateLimit \
            fields, not only this one), or too many failed sign-ins from the client (locked \
            out for a while, or another attempt being checked: Retry-After only).",
        "headers": {
            "RateLimit-Limit": int("Requests a window admits."),
            "RateLimit-Remaining": int("Requests the window still admits."),
            "RateLimit-Reset": int("Seconds until the window ends."),
            "RateLimit-Policy": {"description": "`LIMIT;w=SECONDS`.", "schema": {"type": "string"}},
            "Retry-After": int("Seconds to wait (= RateLimit-Reset)."),
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThrottledEnvelope"}}},
    })
}

fn build() -> Value {
    let mut g = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let stamp = schema_of::<StampTime>(&mut g);
    let error_body = schema_of::<ErrorBody>(&mut g);
    let mut paths = Map::new();
    for op in operations(&mut g) {
        let item = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
        item[op.method] = op.to_json();
    }
    let mut schemas = g.take_definitions(true);
    // The model reads a number or a string there (real OCPs send either); the emulator sends
    // OCP's string codes on every error, framework-level ones included (README, "Errors").
    schemas.insert(
        "ErrorCode".into(),
        json!({
            "type": "string",
            "pattern": ERROR_CODE_PATTERN,
            "description": "OCP's module-prefixed error code: BAK… (backup rules), COM… \
                (parameters and the framework: 400 COM10001, 403 COM10005 (a write from \
                another site or without the console's header), 404 COM10002, 405 COM10003, \
                408 and 415 COM10001, 413 COM10004, bad time COM10010, 5xx COM10000), IAM… \
                (sign-in).",
            "examples": ["COM10001", "BAK21001", "IAM10000"],
        }),
    );
    let common = |successful: bool| {
        json!({
            "successful": {"type": "boolean", "const": successful},
            "status": {"type": "integer", "description": "Mirrors the HTTP status."},
            "timestamp": stamp,
            "duration": {"type": "integer", "minimum": 0, "description": "Server time in ms."},
            "traceId": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
            "server": {"type": "string", "description": "The node that answered."},
        })
    };
    schemas.insert(
        "SuccessEnvelope".into(),
        json!({
            "type": "object",
            "description": "Every successful answer (ocp-api.md 1.1); `data` is per operation.",
            "required": ["successful", "status", "timestamp", "duration", "traceId", "server"],
            "properties": common(true),
        }),
    );
    let mut err_props = common(false);
    err_props["error"] = error_body;
    schemas.insert(
        "ErrorEnvelope".into(),
        json!({
            "type": "object",
            "description": "Every failure (ocp-api.md 1.2): no `data`, the payload is `error`.",
            "required": ["successful", "status", "timestamp", "duration", "traceId", "server", "error"],
            "properties": err_props,
        }),
    );
    let mut throttled = common(false);
    throttled["error"] = json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {
                "description": "0, as OCP's throttle answers (ocp-api.md 1.2); a string code \
                    when injected by `--faults`.",
                "anyOf": [{"type": "integer", "const": 0}, {"$ref": "#/components/schemas/ErrorCode"}],
            },
            "message": {"type": "string", "description": "Localized by Accept-Language."},
            "debugMessage": {"type": ["string", "null"]},
            "target": {},
            "subErrors": {"type": "array"},
        },
    });
    schemas.insert(
        "ThrottledEnvelope".into(),
        json!({
            "type": "object",
            "description": "429 past `--rate-limit` (ocp-api.md 1.2).",
            "required": ["successful", "status", "error"],
            "properties": throttled,
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "OCP backup & restore API (ocp-emulator)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The part of OceanBase Cloud Platform's REST API v2 that the console \
                uses, as the emulator serves it. Date-times keep each field's real format \
                (ocp-api.md 1.5); string enums are open: values beyond the examples are legal.",
        },
        "security": [{"basicAuth": []}],
        "tags": [
            {"name": "backup", "description": "Cluster-level backup and restore (ocp-api.md 2)."},
            {"name": "supporting", "description": "Clusters, tenants, unit specs, tasks, health (ocp-api.md 3)."},
        ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "basicAuth": {"type": "http", "scheme": "basic", "description": "User `admin`."},
            },
            "responses": {
                "Error400": error_response("Bad argument, missing parameter or type mismatch."),
                "Error401": error_response("Not logged in, or wrong user name or password."),
                "Error404": error_response("No such object (or no such API)."),
                "Error403": error_response("A write refused before it was read (COM10005): its \
                    Origin is another site's, its Sec-Fetch-Site is cross-site or same-site, or \
                    it lacks the X-OBC-Console header."),
                "Error409": error_response("Conflict with the current state."),
                "Error415": error_response("A write not sent as Content-Type: application/json \
                    (bodyless writes included)."),
                "ErrorOther": error_response("Any other failure, as an OCP error envelope."),
                "Error429": throttled_response(),
            },
            "schemas": schemas,
        },
    })
}
