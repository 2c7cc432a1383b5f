//! The emulated world in memory: every record the engine and the writes touch, with the keys
//! of what changed since the last commit. The database holds the same records; a change is
//! made on a copy, committed in one transaction, and only then becomes the world (so a failed
//! commit changes nothing).

use crate::records::{
    ClusterRecord, DataTaskRecord, LogTaskRecord, RestoreRecord, StrategyRecord, TaskRecord,
};
use ocp_model::{BackupScope, Tenant};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Next free ids, shared by every cluster.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ids {
    pub data_task: i64,
    pub log_task: i64,
    pub task: i64,
    pub subtask: i64,
    pub restore: i64,
    pub strategy: i64,
    pub storage: i64,
}

impl Default for Ids {
    fn default() -> Self {
        Ids {
            data_task: 20001,
            log_task: 40001,
            task: 3000001,
            subtask: 4000001,
            restore: 7001,
            strategy: 5001,
            storage: 6001,
        }
    }
}

/// The engine's own state, stored as one meta document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineState {
    /// Every event at or before this instant has happened.
    pub progress_us: i64,
    /// Seeds every random choice (with the event's identity), so replaying a span gives the
    /// same world whatever the tick size.
    pub seed: u64,
    pub ids: Ids,
}

/// What changed, by table and key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    State,
    Cluster(i64),
    Tenant(i64),
    Strategy(BackupScope),
    Data(i64),
    Log(i64),
    Restore(i64),
    Task(i64),
}

#[derive(Clone, Debug, Default)]
pub struct World {
    pub clusters: BTreeMap<i64, ClusterRecord>,
    pub tenants: BTreeMap<i64, Tenant>,
    /// By scope: a cluster's strategy and its tenants' own ones (ocp-api.md 2b).
    pub strategies: BTreeMap<BackupScope, StrategyRecord>,
    pub data: BTreeMap<i64, DataTaskRecord>,
    pub logs: BTreeMap<i64, LogTaskRecord>,
    pub restores: BTreeMap<i64, RestoreRecord>,
    pub tasks: BTreeMap<i64, TaskRecord>,
    pub state: EngineState,
    pub dirty: BTreeSet<Key>,
}

impl World {
    pub fn mark(&mut self, key: Key) {
        self.dirty.insert(key);
    }

    pub fn now_us(&self) -> i64 {
        self.state.progress_us
    }

    pub fn next_id(&mut self, pick: impl FnOnce(&mut Ids) -> &mut i64) -> i64 {
        let slot = pick(&mut self.state.ids);
        let id = *slot;
        *slot += 1;
        self.dirty.insert(Key::State);
        id
    }

    pub fn next_tenant_id(&self) -> i64 {
        let reserved = self
            .restores
            .values()
            .filter_map(|r| r.new_tenant.as_ref().map(|t| t.id));
        self.tenants
            .keys()
            .copied()
            .chain(reserved)
            .max()
            .unwrap_or(1000000)
            + 1
    }

    pub fn put_data(&mut self, r: DataTaskRecord) {
        self.mark(Key::Data(r.task.task_id));
        self.data.insert(r.task.task_id, r);
    }

    pub fn put_log(&mut self, r: LogTaskRecord) {
        self.mark(Key::Log(r.id));
        self.logs.insert(r.id, r);
    }

    pub fn put_task(&mut self, r: TaskRecord) {
        self.mark(Key::Task(r.task.id));
        self.tasks.insert(r.task.id, r);
    }

    pub fn put_restore(&mut self, r: RestoreRecord) {
        self.mark(Key::Restore(r.task.id));
        self.restores.insert(r.task.id, r);
    }

    pub fn put_strategy(&mut self, scope: BackupScope, r: StrategyRecord) {
        self.mark(Key::Strategy(scope));
        self.strategies.insert(scope, r);
    }

    /// Whether a tenant has a strategy of its own (and so is no longer governed by its
    /// cluster's, ocp-api.md 2b).
    pub fn has_own_strategy(&self, tenant_id: i64) -> bool {
        self.strategies
            .keys()
            .any(|s| s.tenant_id() == Some(tenant_id))
    }

    /// The cluster strategy's scope for a cluster id (the common key).
    pub fn cluster_strategy(&self, cluster_id: i64) -> Option<&StrategyRecord> {
        self.strategies.get(&BackupScope::Cluster { cluster_id })
    }

    pub fn put_tenant(&mut self, t: Tenant) {
        self.mark(Key::Tenant(t.id));
        if let Some(cid) = t.cluster_id {
            self.mark(Key::Cluster(cid));
        }
        self.tenants.insert(t.id, t);
        self.recount_tenants();
    }

    pub fn put_cluster(&mut self, c: ClusterRecord) {
        self.mark(Key::Cluster(c.id()));
        self.clusters.insert(c.id(), c);
    }

    /// Keeps every cluster's `tenantCount` true.
    pub fn recount_tenants(&mut self) {
        // One pass over the tenants, whatever the number of clusters (a fleet has hundreds).
        let mut counts: BTreeMap<i64, u32> = BTreeMap::new();
        for cid in self.tenants.values().filter_map(|t| t.cluster_id) {
            *counts.entry(cid).or_default() += 1;
        }
        for (id, c) in self.clusters.iter_mut() {
            let n = counts.get(id).copied().unwrap_or(0);
            if c.cluster.tenant_count != Some(n) {
                c.cluster.tenant_count = Some(n);
                self.dirty.insert(Key::Cluster(*id));
            }
        }
    }

    pub fn cluster_data(&self, cluster_id: i64) -> Vec<DataTaskRecord> {
        self.data
            .values()
            .filter(|d| d.cluster_id == cluster_id)
            .cloned()
            .collect()
    }

    pub fn cluster_logs(&self, cluster_id: i64) -> Vec<LogTaskRecord> {
        self.logs
            .values()
            .filter(|l| l.cluster_id == cluster_id)
            .cloned()
            .collect()
    }

    pub fn cluster_tenants(&self, cluster_id: i64) -> Vec<Tenant> {
        self.tenants
            .values()
            .filter(|t| t.cluster_id == Some(cluster_id))
            .cloned()
            .collect()
    }

    /// Everything marked since the last call.
    pub fn take_dirty(&mut self) -> BTreeSet<Key> {
        std::mem::take(&mut self.dirty)
    }
}
