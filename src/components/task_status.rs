//! Task statuses read the way OCP means them (ocp-api.md 2.5): a chip with colour and a label
//! in the person's language for every known value; a value this console does not know is shown
//! exactly as it came, in neutral, never mapped onto a known one. The raw value is always in
//! `data-status` and the tooltip. A restore's colour comes from `finished`/`successful`; when
//! they contradict the step's name the chip says so and is never green.

use crate::components::status_chip::tone_class;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::task_list::{LineStatus, RestoreOutcome};
use ocp_model::{DataBackupStatus, LogBackupStatus, RestoreStatus};

pub fn data_status_msg(s: &DataBackupStatus) -> Option<Msg> {
    use DataBackupStatus::*;
    Some(match s {
        Beginning => Msg::StBeginning,
        Initializing => Msg::StInitializing,
        Doing => Msg::StDoing,
        Done => Msg::StDone,
        Failed => Msg::StFailed,
        Canceling => Msg::StCanceling,
        Canceled => Msg::StCanceled,
        Overdue => Msg::StOverdue,
        Unknown => Msg::StUnknown,
        Other(_) => return None,
    })
}

pub fn log_status_msg(s: &LogBackupStatus) -> Option<Msg> {
    use LogBackupStatus::*;
    Some(match s {
        Beginning => Msg::StBeginning,
        // Two vocabularies for one state (ocp-api.md 2b.6).
        Running | InProgress => Msg::StArchiving,
        Starting => Msg::StStarting,
        Stopping => Msg::StStopping,
        Stopped => Msg::StStopped,
        Failed => Msg::StFailed,
        Interrupted => Msg::StInterrupted,
        Unknown => Msg::StUnknown,
        Other(_) => return None,
    })
}

pub fn restore_status_msg(s: &RestoreStatus) -> Option<Msg> {
    use RestoreStatus::*;
    Some(match s {
        Pre => Msg::StRestorePre,
        CreateTenant => Msg::StRestoreCreateTenant,
        SysReplica => Msg::StRestoreSysReplica,
        UserReplica => Msg::StRestoreUserReplica,
        RebuildIndex => Msg::StRestoreRebuildIndex,
        PostCheck | PostCheck4 => Msg::StRestorePostCheck,
        CreateInitLs => Msg::StRestoreCreateInitLs,
        WaitLs => Msg::StRestoreWaitLs,
        WaitTenantRestoreFinish => Msg::StRestoreWaitTenant,
        Success => Msg::StRestoreSuccess,
        Fail => Msg::StRestoreFail,
        Other(_) => return None,
    })
}

/// The label of a status, if this console knows it.
pub fn status_msg(s: &LineStatus) -> Option<Msg> {
    match s {
        LineStatus::Data(s) => data_status_msg(s),
        LineStatus::Log(s) => log_status_msg(s),
        LineStatus::Restore { status, .. } => restore_status_msg(status),
    }
}

#[component]
pub fn TaskStatusChip(status: LineStatus) -> impl IntoView {
    let i18n = use_i18n();
    let raw = status.as_str().to_owned();
    let msg = status_msg(&status);
    let shown = raw.clone();
    let contradiction = matches!(
        status,
        LineStatus::Restore {
            outcome: RestoreOutcome::Contradictory,
            ..
        }
    )
    .then(|| {
        view! {
            " "
            <span class="task-status__warning" data-testid="restore-contradiction">
                {move || i18n.t(Msg::RestoreContradiction)}
            </span>
        }
    });
    view! {
        <span class=tone_class(status.tone()) data-testid="status-chip" data-status=raw.clone() title=raw>
            {move || msg.map_or_else(|| shown.clone(), |m| i18n.t(m).to_owned())}
        </span>
        {contradiction}
    }
}
