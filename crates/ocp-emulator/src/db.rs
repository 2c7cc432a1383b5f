//! SQLite storage (WAL). Rows are JSON documents with a few indexed columns for lookups,
//! filters and ordering; the documents are the records of `records`.
//!
//! Schema (version 2):
//! - `meta(key, value)`: clock anchor, seed origin, schema version.
//! - `clusters(id, name, doc)`, `tenants(id, cluster_id, name, doc)`, `unit_specs(id, doc)`.
//! - `strategies(cluster_id, doc)`: at most one strategy per cluster.
//! - `data_backup_tasks(task_id, cluster_id, backup_set_id, start_us, status, doc)`.
//! - `log_backup_tasks(id, cluster_id, create_us, status, doc)`.
//! - `restore_tasks(id, backup_cluster_id, restore_cluster_id, create_us, status, doc)`.
//! - `task_instances(id, cluster_id, status, create_us, doc)`.
//!
//! Restores and OCP tasks are stored with their plans (`RestoreRecord`, `TaskRecord`); the
//! engine's progress and id counters are the meta document `engine.state`.
//!
//! Durability: WAL with `synchronous=FULL`, so a commit is on disk before it returns and every
//! write is committed before its response is sent.

use crate::records::{
    ClusterRecord, DataTaskRecord, LogTaskRecord, RestoreRecord, StrategyRecord, TaskRecord,
};
use crate::world::{EngineState, Key, World};
use ocp_model::{BackupScope, RestoreTask, TaskInstance, Tenant, UnitSpec};
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clusters (id INTEGER PRIMARY KEY, name TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (
    id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tenants_by_cluster ON tenants (cluster_id);
CREATE TABLE IF NOT EXISTS unit_specs (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS strategies (cluster_id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenant_strategies (
    tenant_id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS data_backup_tasks (
    task_id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, backup_set_id INTEGER,
    start_us INTEGER NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS data_tasks_by_cluster ON data_backup_tasks (cluster_id, start_us);
CREATE TABLE IF NOT EXISTS log_backup_tasks (
    id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, create_us INTEGER NOT NULL,
    status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS log_tasks_by_cluster ON log_backup_tasks (cluster_id, create_us);
CREATE TABLE IF NOT EXISTS restore_tasks (
    id INTEGER PRIMARY KEY, backup_cluster_id INTEGER, restore_cluster_id INTEGER,
    create_us INTEGER NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS restores_by_backup_cluster ON restore_tasks (backup_cluster_id);
CREATE INDEX IF NOT EXISTS restores_by_restore_cluster ON restore_tasks (restore_cluster_id);
CREATE TABLE IF NOT EXISTS task_instances (
    id INTEGER PRIMARY KEY, cluster_id INTEGER, status TEXT NOT NULL,
    create_us INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS task_instances_by_cluster ON task_instances (cluster_id, create_us);
"#;

const SCHEMA_VERSION: &str = "2";
const TABLES: [&str; 10] = [
    "tenant_strategies",
    "meta",
    "clusters",
    "tenants",
    "unit_specs",
    "strategies",
    "data_backup_tasks",
    "log_backup_tasks",
    "restore_tasks",
    "task_instances",
];
const STATE_KEY: &str = "engine.state";

#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Json(serde_json::Error),
    Io(std::io::Error),
    Schema(String),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "sqlite: {e}"),
            DbError::Json(e) => write!(f, "stored document: {e}"),
            DbError::Io(e) => write!(f, "database file: {e}"),
            DbError::Schema(e) => write!(f, "database schema: {e}"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sqlite(e)
    }
}
impl From<serde_json::Error> for DbError {
    fn from(e: serde_json::Error) -> Self {
        DbError::Json(e)
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// The database. One connection behind a mutex: the emulator's queries are small and quick.
pub struct Store {
    conn: Mutex<Connection>,
}

fn to_doc<T: Serialize>(v: &T) -> DbResult<String> {
    Ok(serde_json::to_string(v)?)
}

fn from_doc<T: DeserializeOwned>(s: &str) -> DbResult<T> {
    Ok(serde_json::from_str(s)?)
}

/// Reads the `doc` column of every row a query returns.
fn docs<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> DbResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(from_doc(&row?)?);
    }
    Ok(out)
}

fn one_doc<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> DbResult<Option<T>> {
    let doc: Option<String> = conn
        .query_row(sql, params, |r| r.get::<_, String>(0))
        .optional()?;
    doc.map(|d| from_doc(&d)).transpose()
}

impl Store {
    /// Opens (creating it and its parent directories if needed) and migrates the database.
    pub fn open(path: &Path) -> DbResult<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(DbError::Io)?;
        }
        let conn = Connection::open(path)?;
        // WAL: readers never wait for the writer. FULL: a commit survives a power cut too.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema.version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None);
        match version.as_deref() {
            Some(v) if v == SCHEMA_VERSION => {}
            Some(v) if v.parse::<u32>().is_ok_and(|n| n < 2) => {
                // An emulator's demo world: an older one is replaced by a fresh seed.
                tracing::warn!(old = v, "old database schema: starting a fresh world");
                for t in TABLES {
                    conn.execute_batch(&format!("DROP TABLE IF EXISTS {t}"))?;
                }
            }
            Some(v) => {
                return Err(DbError::Schema(format!(
                    "database has schema version {v}, this emulator knows {SCHEMA_VERSION}; \
                     use a fresh --db"
                )))
            }
            None => {}
        }
        conn.execute_batch(SCHEMA)?;
        let store = Store {
            conn: Mutex::new(conn),
        };
        if store.meta("schema.version")?.is_none() {
            store.set_meta("schema.version", SCHEMA_VERSION)?;
        }
        Ok(store)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A poisoned lock only means another request panicked mid-way; SQLite itself is
        // still consistent (every write is a transaction), so carry on.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` inside one transaction: all of it is stored, or none.
    pub fn write<R>(&self, f: impl FnOnce(&Writer<'_>) -> DbResult<R>) -> DbResult<R> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let r = f(&Writer { conn: &tx })?;
        tx.commit()?;
        Ok(r)
    }

    pub fn meta(&self, key: &str) -> DbResult<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn meta_i64(&self, key: &str) -> DbResult<Option<i64>> {
        Ok(self.meta(key)?.and_then(|v| v.parse().ok()))
    }

    pub fn set_meta(&self, key: &str, value: &str) -> DbResult<()> {
        self.write(|w| w.set_meta(key, value))
    }

    pub fn clusters(&self) -> DbResult<Vec<ClusterRecord>> {
        docs(&self.conn(), "SELECT doc FROM clusters ORDER BY id", [])
    }

    pub fn cluster(&self, id: i64) -> DbResult<Option<ClusterRecord>> {
        one_doc(&self.conn(), "SELECT doc FROM clusters WHERE id = ?1", [id])
    }

    pub fn tenants(&self, cluster_id: i64) -> DbResult<Vec<Tenant>> {
        docs(
            &self.conn(),
            "SELECT doc FROM tenants WHERE cluster_id = ?1 ORDER BY id",
            [cluster_id],
        )
    }

    pub fn unit_specs(&self) -> DbResult<Vec<UnitSpec>> {
        docs(&self.conn(), "SELECT doc FROM unit_specs ORDER BY id", [])
    }

    /// The strategy of a scope: the cluster's, or a tenant's own.
    pub fn strategy(&self, scope: BackupScope) -> DbResult<Option<StrategyRecord>> {
        match scope {
            BackupScope::Cluster { cluster_id } => one_doc(
                &self.conn(),
                "SELECT doc FROM strategies WHERE cluster_id = ?1",
                [cluster_id],
            ),
            BackupScope::Tenant { tenant_id, .. } => one_doc(
                &self.conn(),
                "SELECT doc FROM tenant_strategies WHERE tenant_id = ?1",
                [tenant_id],
            ),
        }
    }

    /// A cluster's data backup tasks, newest first.
    pub fn data_tasks(&self, cluster_id: i64) -> DbResult<Vec<DataTaskRecord>> {
        docs(
            &self.conn(),
            "SELECT doc FROM data_backup_tasks WHERE cluster_id = ?1 \
             ORDER BY start_us DESC, task_id DESC",
            [cluster_id],
        )
    }

    /// A cluster's log backup tasks, newest first.
    pub fn log_tasks(&self, cluster_id: i64) -> DbResult<Vec<LogTaskRecord>> {
        docs(
            &self.conn(),
            "SELECT doc FROM log_backup_tasks WHERE cluster_id = ?1 \
             ORDER BY create_us DESC, id DESC",
            [cluster_id],
        )
    }

    /// Restores from or into a cluster, newest first.
    pub fn restore_tasks(&self, cluster_id: i64) -> DbResult<Vec<RestoreTask>> {
        let recs: Vec<RestoreRecord> = docs(
            &self.conn(),
            "SELECT doc FROM restore_tasks WHERE backup_cluster_id = ?1 OR restore_cluster_id = ?1 \
             ORDER BY create_us DESC, id DESC",
            [cluster_id],
        )?;
        Ok(recs.into_iter().map(|r| r.task).collect())
    }

    pub fn task_instance(&self, id: i64) -> DbResult<Option<TaskInstance>> {
        Ok(self.task_record(id)?.map(|r| r.task))
    }

    /// An OCP task with its plan and error text.
    pub fn task_record(&self, id: i64) -> DbResult<Option<TaskRecord>> {
        one_doc(
            &self.conn(),
            "SELECT doc FROM task_instances WHERE id = ?1",
            [id],
        )
    }

    /// OCP tasks, newest first, optionally of one cluster and one status.
    pub fn task_instances(
        &self,
        cluster_id: Option<i64>,
        status: Option<&str>,
    ) -> DbResult<Vec<TaskInstance>> {
        let recs: Vec<TaskRecord> = docs(
            &self.conn(),
            "SELECT doc FROM task_instances \
             WHERE (?1 IS NULL OR cluster_id = ?1) AND (?2 IS NULL OR status = ?2) \
             ORDER BY create_us DESC, id DESC",
            params![cluster_id, status],
        )?;
        Ok(recs.into_iter().map(|r| r.task).collect())
    }

    /// Everything the engine works on; `None` for a database that was never seeded.
    pub fn load_world(&self) -> DbResult<Option<World>> {
        let conn = self.conn();
        let state: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [STATE_KEY], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(state) = state else {
            return Ok(None);
        };
        let state: EngineState = from_doc(&state)?;
        let mut w = World {
            state,
            ..World::default()
        };
        for c in docs::<ClusterRecord>(&conn, "SELECT doc FROM clusters", [])? {
            w.clusters.insert(c.id(), c);
        }
        for t in docs::<Tenant>(&conn, "SELECT doc FROM tenants", [])? {
            w.tenants.insert(t.id, t);
        }
        let mut stmt = conn.prepare("SELECT cluster_id, doc FROM strategies")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (cluster_id, doc) = row?;
            w.strategies
                .insert(BackupScope::Cluster { cluster_id }, from_doc(&doc)?);
        }
        drop(stmt);
        let mut stmt = conn.prepare("SELECT cluster_id, tenant_id, doc FROM tenant_strategies")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (cluster_id, tenant_id, doc) = row?;
            let scope = BackupScope::Tenant {
                cluster_id,
                tenant_id,
            };
            w.strategies.insert(scope, from_doc(&doc)?);
        }
        drop(stmt);
        for d in docs::<DataTaskRecord>(&conn, "SELECT doc FROM data_backup_tasks", [])? {
            w.data.insert(d.task.task_id, d);
        }
        for l in docs::<LogTaskRecord>(&conn, "SELECT doc FROM log_backup_tasks", [])? {
            w.logs.insert(l.id, l);
        }
        for r in docs::<RestoreRecord>(&conn, "SELECT doc FROM restore_tasks", [])? {
            w.restores.insert(r.task.id, r);
        }
        for t in docs::<TaskRecord>(&conn, "SELECT doc FROM task_instances", [])? {
            w.tasks.insert(t.task.id, t);
        }
        Ok(Some(w))
    }

    /// Stores the records `keys` name as they are in `w` (deleting the ones `w` no longer
    /// has), in one transaction, plus `extra` writes.
    pub fn commit(
        &self,
        w: &World,
        keys: &BTreeSet<Key>,
        extra: impl FnOnce(&Writer<'_>) -> DbResult<()>,
    ) -> DbResult<()> {
        self.write(|tx| {
            for key in keys {
                match *key {
                    Key::State => tx.set_meta(STATE_KEY, &to_doc(&w.state)?)?,
                    Key::Cluster(id) => match w.clusters.get(&id) {
                        Some(c) => tx.put_cluster(c)?,
                        None => tx.delete("clusters", "id", id)?,
                    },
                    Key::Tenant(id) => match w.tenants.get(&id) {
                        Some(t) => tx.put_tenant(t)?,
                        None => tx.delete("tenants", "id", id)?,
                    },
                    Key::Strategy(scope) => match (w.strategies.get(&scope), scope) {
                        (Some(s), _) => tx.put_strategy(scope, s)?,
                        (None, BackupScope::Cluster { cluster_id }) => {
                            tx.delete("strategies", "cluster_id", cluster_id)?
                        }
                        (None, BackupScope::Tenant { tenant_id, .. }) => {
                            tx.delete("tenant_strategies", "tenant_id", tenant_id)?
                        }
                    },
                    Key::Data(id) => match w.data.get(&id) {
                        Some(d) => tx.put_data_task(d)?,
                        None => tx.delete("data_backup_tasks", "task_id", id)?,
                    },
                    Key::Log(id) => match w.logs.get(&id) {
                        Some(l) => tx.put_log_task(l)?,
                        None => tx.delete("log_backup_tasks", "id", id)?,
                    },
                    Key::Restore(id) => match w.restores.get(&id) {
                        Some(r) => tx.put_restore(r)?,
                        None => tx.delete("restore_tasks", "id", id)?,
                    },
                    Key::Task(id) => match w.tasks.get(&id) {
                        Some(t) => tx.put_task(t)?,
                        None => tx.delete("task_instances", "id", id)?,
                    },
                }
            }
            extra(tx)
        })
    }
}

/// Writes inside a transaction (see [`Store::write`]). Every `put_*` inserts or replaces.
pub struct Writer<'a> {
    conn: &'a Connection,
}

impl Writer<'_> {
    pub fn set_meta(&self, key: &str, value: &str) -> DbResult<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn put_cluster(&self, c: &ClusterRecord) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO clusters (id, name, doc) VALUES (?1, ?2, ?3)",
            params![c.cluster.id, c.cluster.name, to_doc(c)?],
        )?;
        Ok(())
    }

    pub fn put_tenant(&self, t: &Tenant) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO tenants (id, cluster_id, name, doc) VALUES (?1, ?2, ?3, ?4)",
            params![t.id, t.cluster_id, t.name, to_doc(t)?],
        )?;
        Ok(())
    }

    pub fn put_unit_spec(&self, s: &UnitSpec) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO unit_specs (id, doc) VALUES (?1, ?2)",
            params![s.id, to_doc(s)?],
        )?;
        Ok(())
    }

    pub fn put_strategy(&self, scope: BackupScope, s: &StrategyRecord) -> DbResult<()> {
        match scope {
            BackupScope::Cluster { cluster_id } => self.conn.execute(
                "INSERT OR REPLACE INTO strategies (cluster_id, doc) VALUES (?1, ?2)",
                params![cluster_id, to_doc(s)?],
            )?,
            BackupScope::Tenant {
                cluster_id,
                tenant_id,
            } => self.conn.execute(
                "INSERT OR REPLACE INTO tenant_strategies (tenant_id, cluster_id, doc) \
                 VALUES (?1, ?2, ?3)",
                params![tenant_id, cluster_id, to_doc(s)?],
            )?,
        };
        Ok(())
    }

    pub fn put_data_task(&self, r: &DataTaskRecord) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO data_backup_tasks \
             (task_id, cluster_id, backup_set_id, start_us, status, doc) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                r.task.task_id,
                r.cluster_id,
                r.task.backup_set_id,
                r.start_us,
                r.task.status.as_str(),
                to_doc(r)?
            ],
        )?;
        Ok(())
    }

    pub fn put_log_task(&self, r: &LogTaskRecord) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO log_backup_tasks (id, cluster_id, create_us, status, doc) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                r.id,
                r.cluster_id,
                r.create_us,
                r.task.status.as_str(),
                to_doc(r)?
            ],
        )?;
        Ok(())
    }

    fn delete(&self, table: &str, column: &str, id: i64) -> DbResult<()> {
        self.conn
            .execute(&format!("DELETE FROM {table} WHERE {column} = ?1"), [id])?;
        Ok(())
    }

    pub fn put_restore(&self, rec: &RestoreRecord) -> DbResult<()> {
        let r: &RestoreTask = &rec.task;
        let create_us = r
            .create_time
            .map(|t| t.timestamp_micros())
            .unwrap_or_default();
        self.conn.execute(
            "INSERT OR REPLACE INTO restore_tasks \
             (id, backup_cluster_id, restore_cluster_id, create_us, status, doc) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                r.id,
                r.backup_cluster_id,
                r.restore_cluster_id,
                create_us,
                r.status.as_str(),
                to_doc(rec)?
            ],
        )?;
        Ok(())
    }

    pub fn put_task(&self, rec: &TaskRecord) -> DbResult<()> {
        let t: &TaskInstance = &rec.task;
        let create_us = t
            .create_time
            .map(|t| t.timestamp_micros())
            .unwrap_or_default();
        self.conn.execute(
            "INSERT OR REPLACE INTO task_instances (id, cluster_id, status, create_us, doc) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                t.id,
                t.cluster_id,
                t.status.as_str(),
                create_us,
                to_doc(rec)?
            ],
        )?;
        Ok(())
    }
}
