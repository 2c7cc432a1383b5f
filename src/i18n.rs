//! Every visible string, in en-US and zh-CN. A missing translation is a compile error.

use crate::storage::{Store, KEY_LANG};
use leptos::prelude::*;

pub use ocp_model::Lang;

/// The remembered choice, else the browser's first language we speak, else English.
pub fn initial_lang() -> Lang {
    if let Some(l) = Store::Local
        .read(KEY_LANG)
        .as_deref()
        .and_then(Lang::from_tag)
    {
        return l;
    }
    web_sys::window()
        .map(|w| w.navigator().languages())
        .and_then(|langs| {
            langs
                .iter()
                .filter_map(|v| v.as_string())
                .find_map(|t| Lang::from_tag(&t))
        })
        .unwrap_or(Lang::En)
}

macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)+) => {
        /// A message key; `text(lang)` gives its words.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($key,)+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)+];

            pub fn text(self, lang: Lang) -> &'static str {
                // A table indexed by the key, not a match: data instead of code in the wasm.
                const TEXT: &[[&str; 2]] = &[$([$en, $zh],)+];
                let [en, zh] = TEXT.get(self as usize).copied().unwrap_or(["", ""]);
                match lang {
                    Lang::En => en,
                    Lang::Zh => zh,
                }
            }
        }
    };
}

messages! {
    AppName => "OceanBase Backup Console", "OceanBase 备份控制台";
    NavClusters => "Clusters", "集群";
    NavSettings => "Settings", "设置";
    Language => "Language", "语言";
    Loading => "Loading…", "加载中…";
    Retry => "Retry", "重试";
    AsOf => "As of {time}", "数据时间 {time}";
    AsOfStale => "As of {time} — not refreshed since; figures are shown as of then", "数据时间 {time} — 此后未能刷新，数字以该时间为准";
    HealthUnknown => "Unknown", "未知";
    HealthHeld => "OCP's request limit is reached; read again at {time}", "已达到 OCP 的请求上限，将于 {time} 再次读取";
    HealthStale => "as of {time}", "截至 {time}";
    HealthChecked => "health checked for {n} of {total}", "已检查 {n}/{total} 个集群的健康状况";
    RefreshFailed => "Could not refresh; showing the last data received.", "刷新失败，显示的是上次获取的数据。";
    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "There is no page at this address.", "此地址没有对应的页面。";
    BackToClusters => "Back to clusters", "返回集群列表";
    // Errors: what happened.
    ErrNetwork => "The server cannot be reached", "无法连接服务器";
    ErrTimeout => "The server did not answer in time", "服务器响应超时";
    ErrUnauthorized => "Sign-in required", "需要登录";
    ErrForbidden => "You are not permitted to do this", "没有执行此操作的权限";
    ErrNotFound => "Not found", "未找到";
    ErrConflict => "This conflicts with the current state", "与当前状态冲突";
    ErrBadRequest => "The server refused the request", "服务器拒绝了该请求";
    ErrRateLimited => "Too many requests", "请求过于频繁";
    ErrServer => "The server ran into an error", "服务器内部错误";
    ErrBadResponse => "The server sent an unexpected answer", "服务器返回了无法识别的内容";
    ErrDecode => "The server's data could not be read", "无法解析服务器返回的数据";
    // Errors: what to do.
    HintNetwork => "Check that OCP (or the emulator) is running and reachable, then retry.", "请确认 OCP（或模拟器）正在运行且网络可达，然后重试。";
    HintRetry => "Wait a moment, then retry.", "请稍候再重试。";
    HintSignIn => "Sign in with an OCP account to continue.", "请使用 OCP 账号登录后继续。";
    HintForbidden => "Ask an OCP administrator for the permission, or sign in as another user.", "请联系 OCP 管理员授予权限，或换一个账号登录。";
    HintNotFound => "It may have been deleted. Go back to the cluster list.", "它可能已被删除，请返回集群列表。";
    HintConflict => "Reload to see the current state, then try again.", "请刷新查看最新状态后再试。";
    HintBadRequest => "Correct the request and try again.", "请修正后重试。";
    HintBadResponse => "A proxy or gateway may be in the way; check the API base URL in Settings.", "中间的代理或网关可能有问题，请检查设置中的 API 地址。";
    // Fields an answer had that the console could not read.
    UnreadOne => "1 field could not be read and is shown as absent", "1 个字段无法读取，按缺失处理";
    UnreadMany => "{n} fields could not be read and are shown as absent", "{n} 个字段无法读取，按缺失处理";
    UnreadHelp => "Your OCP sent these fields in a form this console does not know. The page works without them. To help us support your OCP version, copy the report into a bug report.", "您的 OCP 以本控制台未知的格式发送了这些字段。页面不依赖它们，仍可正常使用。如需帮助我们适配您的 OCP 版本，请复制下面的报告并反馈。";
    UnreadRequest => "Request", "请求";
    UnreadField => "Field", "字段";
    UnreadExpected => "Expected", "期望";
    UnreadReceived => "Received", "实际收到";
    UnreadReport => "Report", "报告";
    UnreadCopy => "Copy report", "复制报告";
    UnreadCopied => "Copied.", "已复制。";
    UnreadCopyByHand => "The browser does not allow copying here: the report is selected, press Ctrl+C.", "浏览器不允许在此自动复制：报告已选中，请按 Ctrl+C 复制。";
    HintDecode => "This OCP version may not be supported yet; report the field named here.", "可能暂不支持该 OCP 版本，请反馈此处提到的字段。";
    Seconds => "{n} s", "{n} 秒";
    RetryIn => "Retry in {n} s.", "请在 {n} 秒后重试。";
    // Sign-in.
    SignInTitle => "Sign in to OCP", "登录 OCP";
    SignInBody => "The server asks who you are. Your password is kept for this browser tab only.", "服务器需要验证身份。密码仅保存在当前浏览器标签页中。";
    User => "User", "用户名";
    Password => "Password", "密码";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "正在登录…";
    SignOut => "Sign out", "退出登录";
    WrongCredentials => "Wrong user name or password.", "用户名或密码错误。";
    SignedInAs => "Signed in as {user}", "已登录：{user}";
    NotSignedIn => "Not signed in", "未登录";
    // Clusters.
    ClustersTitle => "Clusters", "集群";
    SearchClusters => "Search clusters by name", "按名称搜索集群";
    ColName => "Name", "名称";
    ColVersion => "Version", "版本";
    ColStatus => "Status", "状态";
    ColType => "Role", "角色";
    ColBackupStatus => "Backup", "备份状态";
    ColLastBackup => "Last data backup", "最近数据备份";
    ColRpo => "RPO now", "当前 RPO";
    NoClusters => "No cluster matches.", "没有匹配的集群。";
    ClusterCount => "{n} clusters", "共 {n} 个集群";
    ClusterCountOf => "{shown} of {n} clusters", "{shown} / {n} 个集群";
    // Cluster roles and states.
    Primary => "Primary", "主集群";
    Standby => "Standby", "备集群";
    // Schedule status.
    StatusNone => "No strategy", "无备份策略";
    StatusNormal => "Scheduling", "调度中";
    StatusPaused => "Paused", "已暂停";
    StatusWaiting => "Waiting for first run", "等待首次运行";
    StatusAbnormal => "Scheduling broken", "调度异常";
    StatusNoneHelp => "This cluster has no backup strategy: nothing is backed up on a schedule.", "该集群没有备份策略，不会按计划备份。";
    StatusNormalHelp => "Backups run on the strategy's days.", "备份按策略规定的日期运行。";
    StatusPausedHelp => "Scheduled backups are paused; nothing runs until scheduling is resumed.", "计划备份已暂停，恢复调度前不会运行。";
    StatusWaitingHelp => "The strategy is set; its first backup has not run yet.", "策略已设置，首次备份尚未运行。";
    StatusAbnormalHelp => "Recent scheduled backups failed; check the latest tasks.", "最近的计划备份失败，请查看最新任务。";
    StandbyHelp => "A standby cluster cannot be backed up.", "备集群不能备份。";
    // Overview.
    BackupSchedule => "Backup schedule", "备份调度";
    RpoTitle => "RPO now", "当前 RPO";
    RpoHelp => "Time since the newest point that can be restored. Alert threshold {n}.", "距最新可恢复时间点的时长。告警阈值 {n}。";
    RpoNoLog => "Log backup is not running: RPO is the age of the last data backup.", "日志备份未运行：RPO 为最近一次数据备份的时长。";
    RpoUnknown => "Unknown: no log checkpoint and no backup yet.", "未知：没有日志检查点，也没有备份。";
    LastDataBackup => "Last data backup", "最近数据备份";
    NeverBackedUp => "Never", "从未备份";
    Ago => "{age} ago", "{age}前";
    LogCheckpoint => "Log checkpoint", "日志备份检查点";
    NoCheckpoint => "No log archived", "无日志归档";
    LogDelay => "OCP reports a delay of {n}", "OCP 报告延迟 {n}";
    BackupSize => "Backup size", "备份大小";
    SizeUnknown => "Not reported", "未报告";
    AbilityTitle => "What this cluster can do", "备份能力";
    FullBackup => "Full backup", "全量备份";
    IncrementalBackup => "Incremental backup", "增量备份";
    Allowed => "Allowed", "可用";
    NotAllowed => "Not possible", "不可用";
    AbilityPhysical => "Physical backup", "物理备份";
    AbilityLogical => "Logical backup only", "仅支持逻辑备份";
    AbilityBoth => "Logical and physical backup", "支持逻辑与物理备份";
    RestoreReady => "Restore pre-conditions met", "恢复前置条件已满足";
    RestoreNotReady => "Restore pre-conditions not met", "恢复前置条件未满足";
    StrategyTitle => "Strategy", "备份策略";
    NoStrategy => "No backup strategy is set for this cluster.", "该集群未设置备份策略。";
    NextRuns => "Next runs", "接下来的运行";
    NoNextRuns => "No run is scheduled.", "没有计划中的运行。";
    YourTime => "your time", "本地时间";
    ScheduleDisabled => "Scheduling is switched off in the strategy.", "策略中已关闭调度。";
    RecentTasks => "Latest data backups", "最近数据备份任务";
    NoTasks => "No data backup has run yet.", "尚未运行过数据备份。";
    ColTask => "Task", "任务";
    ColKind => "Type", "类型";
    ColBackupSet => "Backup set", "备份集";
    ColStart => "Start", "开始时间";
    ColEnd => "End", "结束时间";
    ColDuration => "Duration", "耗时";
    ColError => "Error", "错误信息";
    Running => "running", "运行中";
    Version => "Version", "版本";
    FullVersion => "Full build version", "完整构建版本";
    Mode => "Mode", "模式";
    RefreshedAt => "Updated {t}", "更新于 {t}";
    // Settings.
    SettingsTitle => "Settings", "设置";
    Server => "Server", "服务器";
    ApiBase => "API base URL", "API 地址";
    ApiBaseHelp => "Leave empty to use this console's own server (the emulator, or the proxy to your OCP). Another origin must allow CORS.", "留空表示使用控制台自身的服务器（模拟器或转发到 OCP 的代理）。其他来源需允许跨域。";
    Save => "Save", "保存";
    Saved => "Saved.", "已保存。";
    InvalidUrl => "Enter an http:// or https:// URL, or leave it empty.", "请输入 http:// 或 https:// 开头的地址，或留空。";
    Account => "Account", "账号";
    TimeDisplay => "Times", "时间显示";
    TimeDisplayHelp => "Times are always shown with their offset.", "时间总是带时区偏移显示。";
    TimeCluster => "In the cluster's offset (as OCP sends them)", "按集群时区（与 OCP 一致）";
    TimeBrowser => "In this browser's offset", "按本浏览器时区";
    TimeUtc => "In UTC", "按 UTC";
    Weekly => "Weekly", "每周";
    Monthly => "Monthly", "每月";
    LogBackupOn => "Log backup on", "日志备份已开启";
    LogBackupOff => "Log backup off", "日志备份已关闭";
    CleanupAfter => "Backups older than {n} days are cleaned up", "超过 {n} 天的备份会被清理";
    // Strategy editor.
    NavStrategy => "Strategy", "备份策略";
    EditorTitleNew => "New backup strategy", "新建备份策略";
    EditorTitleEdit => "Backup strategy", "备份策略";
    SectionSchedule => "Schedule", "调度";
    SectionMode => "Backup mode", "备份方式";
    SectionCleanup => "Cleanup of expired backups", "过期备份清理";
    SectionThresholds => "Alert thresholds", "告警阈值";
    SectionStorage => "Storage", "存储";
    SectionPreview => "Preview", "预览";
    ScheduleModeLabel => "Repeat", "周期";
    GridLabelWeek => "Backup days of the week", "每周备份日";
    GridLabelMonth => "Backup days of the month (at most 10)", "每月备份日（最多 10 天）";
    GridHelp => "Click a day (or press Space) to cycle: none → full → incremental.", "点击某天（或按空格）切换：不备份 → 全量 → 增量。";
    GridHelpLogical => "Logical backup can only do full backups.", "逻辑备份只支持全量备份。";
    MonthLimit => "At most 10 days of the month can be chosen.", "每月最多选择 10 天。";
    SwitchDiscards => "Switching clears the chosen days: weekdays and days of the month do not match.", "切换会清除已选日期：星期与每月日期无法对应。";
    SwitchConfirm => "Switch and clear", "切换并清除";
    Cancel => "Cancel", "取消";
    ScheduleTime => "Time", "时间";
    ClusterOffset => "cluster time {offset}", "集群时间 {offset}";
    YourTimeIs => "your time", "本地时间";
    DayBefore => "(the day before)", "（前一天）";
    DayAfter => "(the day after)", "（后一天）";
    ScheduleEnabled => "Run backups on this schedule", "按此调度运行备份";
    Physical => "Physical backup", "物理备份";
    Logical => "Logical backup", "逻辑备份";
    LogBackupSwitch => "Archive logs continuously (log backup)", "持续归档日志（日志备份）";
    LogBackupForced => "Physical backup needs log backup: restores to a point in time replay the archived log.", "物理备份必须开启日志备份：按时间点恢复需要回放归档日志。";
    CleanupSwitch => "Delete backups older than the retention", "删除超过保留期的备份";
    RetentionDays => "Keep backups for (days)", "备份保留天数";
    CleanupTime => "Cleanup time", "清理时间";
    TimeoutMinutes => "Data backup timeout (minutes)", "数据备份超时（分钟）";
    AlarmDays => "Alert after days without a successful backup", "连续无成功备份告警天数";
    LogDelaySeconds => "Log delay alert (seconds)", "日志延迟告警（秒）";
    LiboblogDays => "liboblog log retention (days)", "liboblog 日志保留天数";
    StorageType => "Storage type", "存储类型";
    StorageFile => "File system (NFS)", "文件系统（NFS）";
    ConfigName => "Storage config name", "存储配置名称";
    ConfigNameHelp => "Starts with a letter; 2–32 letters, digits or _.", "以字母开头，2–32 位字母、数字或下划线。";
    StoragePath => "Path", "路径";
    StoragePathHelp => "Without the scheme: /obbackup/ or bucket/dir.", "不带协议头：/obbackup/ 或 bucket/dir。";
    Endpoint => "Endpoint", "Endpoint";
    AccessKeyId => "Access key ID", "AccessKey ID";
    AccessKeySecret => "Access key secret", "AccessKey Secret";
    SecretSet => "A secret is stored. Leave empty to keep it; type to replace it.", "已保存密钥。留空则保持不变，输入则替换。";
    SecretNotSet => "Required. It is sent once and never shown again.", "必填。仅发送一次，之后不再显示。";
    AppId => "App ID", "App ID";
    Region => "Region", "区域";
    AlarmPercent => "Capacity alarm (%)", "容量告警（%）";
    PreviewRunsTitle => "Next 10 runs", "接下来 10 次运行";
    ColClusterTime => "Cluster time", "集群时间";
    ColYourTime => "Your time", "本地时间";
    ColUtc => "UTC", "UTC";
    Create => "Create strategy", "创建策略";
    Creating => "Creating…", "正在创建…";
    SaveChanges => "Save changes", "保存修改";
    Saving => "Saving…", "正在保存…";
    NoChanges => "No changes to save.", "没有需要保存的修改。";
    DiscardChanges => "Discard changes", "放弃修改";
    Delete => "Delete strategy", "删除策略";
    Deleting => "Deleting…", "正在删除…";
    DeleteConfirmTitle => "Delete the backup strategy of {cluster}?", "删除集群 {cluster} 的备份策略？";
    DeleteConfirmBody => "Scheduled backups and log archiving stop. Backups already taken are kept until they expire.", "计划备份与日志归档将停止。已有备份会保留至过期。";
    Pause => "Pause scheduling", "暂停调度";
    Pausing => "Pausing…", "正在暂停…";
    Resume => "Resume scheduling", "恢复调度";
    Resuming => "Resuming…", "正在恢复…";
    EditStrategy => "Edit strategy", "编辑策略";
    CreateStrategy => "Create strategy", "创建策略";
    DraftFound => "You have unsaved edits from earlier on this page.", "此页面有之前未保存的修改。";
    RestoreDraft => "Restore draft", "恢复草稿";
    DiscardDraft => "Discard", "丢弃";
    LeaveUnsaved => "You have unsaved edits. Leave this page anyway?", "有未保存的修改，确定离开此页面？";
    FixErrors => "Correct the fields marked below.", "请修正下方标出的字段。";
    InputsBlockSave => "Some fields cannot be taken as typed: see the reason beside each.", "部分字段的输入无法采用：请查看各字段旁的原因。";
    SaveFailed => "The server refused the strategy. Your edits are kept.", "服务器拒绝了该策略，您的修改已保留。";
    TaskDone => "Done.", "已完成。";
    TaskFailed => "The task failed; see its steps.", "任务失败，请查看步骤。";
    Unsaved => "Unsaved changes", "有未保存的修改";
    NoBackup => "No backup", "不备份";
    WindowsTitle => "Recoverable windows, last 7 days", "最近 7 天可恢复窗口";
    NoWindows => "No recoverable window in the last 7 days.", "最近 7 天没有可恢复窗口。";
    LegendWindow => "Recoverable", "可恢复";
    LegendLog => "Log archived", "日志已归档";
    LegendDays => "one line a day; now at the right", "每条竖线为一天，最右为当前";
    FullShort => "Full", "全量";
    IncrementalShort => "Incr.", "增量";
    StartingTask => "Starting task…", "任务启动中…";
    Mon => "Mon", "一";
    Tue => "Tue", "二";
    Wed => "Wed", "三";
    Thu => "Thu", "四";
    Fri => "Fri", "五";
    Sat => "Sat", "六";
    Sun => "Sun", "日";
    // Task lists.
    TasksTitle => "Tasks", "任务";
    AllTasks => "All tasks →", "全部任务 →";
    OpenTaskDetail => "Its OCP task and steps →", "对应的 OCP 任务及步骤 →";
    TabData => "Data backups", "数据备份";
    TabLog => "Log archiving", "日志备份";
    TabRestore => "Restores", "恢复";
    FilterAll => "All", "全部";
    FilterRange => "Time", "时间范围";
    Range24h => "Last 24 hours", "最近 24 小时";
    Range7d => "Last 7 days", "最近 7 天";
    Range30d => "Last 30 days", "最近 30 天";
    RangeCustom => "Custom", "自定义";
    RangeFrom => "From (your time, {offset})", "开始（本地时间，{offset}）";
    RangeTo => "To (your time, {offset})", "结束（本地时间，{offset}）";
    RangeNotApplied => "Not applied: the list still shows the range it had.", "未生效：列表仍按原来的时间范围显示。";
    FilterBackupSet => "Backup set", "备份集";
    SortOrder => "Order", "排序";
    SortNewest => "Newest first", "最新在前";
    SortOldest => "Oldest first", "最早在前";
    RowsShown => "{n} of {total} tasks", "共 {total} 条，显示 {n} 条";
    RowsLoading => "Loading… {n} of {total}", "加载中… {n}/{total}";
    RefreshedAgo => "Refreshed {t} ago", "{t}前已刷新";
    LiveRefresh => "updated every 5 s while a task runs", "有任务运行时每 5 秒更新";
    Refresh => "Refresh", "刷新";
    NoMatchingTasks => "No task matches these filters.", "没有符合筛选条件的任务。";
    ColCheckpoint => "Checkpoint", "检查点";
    ColDelay => "Delay", "延迟";
    ColServer => "Server", "服务器";
    ColStorage => "Storage", "存储路径";
    ColCreated => "Created", "创建时间";
    ColModified => "Modified", "修改时间";
    ColSource => "Source", "源";
    ColTarget => "Target", "目标";
    ColPoint => "Restored to", "恢复到";
    ColDataVersion => "Data version", "数据版本";
    OverTimeout => "over the {limit} timeout", "超过超时时间 {limit}";
    TaskDetails => "Details", "详情";
    CopyText => "Copy", "复制";
    CopiedText => "Copied", "已复制";
    NoError => "No error.", "无错误。";
    DelayThreshold => "threshold {n}", "阈值 {n}";
    RestoreContradiction => "status and outcome disagree: not shown as a success", "状态与结果不一致：不视为成功";
    // Task statuses (ocp-api.md 2.5).
    StBeginning => "Beginning", "开始";
    StInitializing => "Initializing", "初始化中";
    StDoing => "Backing up", "备份中";
    StDone => "Done", "已完成";
    StFailed => "Failed", "失败";
    StCanceling => "Cancelling", "取消中";
    StCanceled => "Cancelled", "已取消";
    StOverdue => "Overdue", "已超期";
    StUnknown => "Unknown", "未知";
    StArchiving => "Archiving", "归档中";
    StStarting => "Starting", "启动中";
    StStopping => "Stopping", "停止中";
    StStopped => "Stopped", "已停止";
    StInterrupted => "Interrupted", "已中断";
    StRestorePre => "Preparing", "准备中";
    StRestoreCreateTenant => "Creating tenant", "创建租户";
    StRestoreSysReplica => "Restoring system replicas", "恢复系统副本";
    StRestoreUserReplica => "Restoring user replicas", "恢复用户副本";
    StRestoreRebuildIndex => "Rebuilding indexes", "重建索引";
    StRestorePostCheck => "Checking", "恢复后检查";
    StRestoreCreateInitLs => "Creating log streams", "创建日志流";
    StRestoreWaitLs => "Waiting for log streams", "等待日志流";
    StRestoreWaitTenant => "Finishing tenant restore", "等待租户恢复完成";
    StRestoreSuccess => "Restored", "恢复成功";
    StRestoreFail => "Restore failed", "恢复失败";
    // Backup now and task detail.
    BackupNow => "Backup now", "立即备份";
    BackupNowTitle => "Back up {cluster} now", "立即备份集群 {cluster}";
    BackupNowKind => "Backup type", "备份类型";
    BackupNowNext => "Continue", "下一步";
    BackupNowBack => "Back", "上一步";
    BackupNowChecking => "Checking what this cluster allows…", "正在检查该集群允许的操作…";
    BackupNowConfirmTitle => "Start a {kind} of {cluster} now?", "确定立即对集群 {cluster} 发起{kind}？";
    BackupNowConfirmBody => "{mode}, to the storage of the cluster's backup strategy. It runs alongside the schedule and cannot be cancelled here.", "{mode}，备份到该集群备份策略配置的存储。它与计划备份并行运行，无法在此取消。";
    BackupNowConfirmNoStrategy => "{mode}. The cluster has no backup strategy: OCP asks for a storage it can use.", "{mode}。该集群没有备份策略：OCP 需要可用的备份存储。";
    BackupNowStart => "Start backup", "开始备份";
    BackupNowStarting => "Starting…", "正在发起…";
    BackupNowStarted => "Backup started.", "备份已发起。";
    BackupNowRefused => "OCP refused the backup; nothing was started.", "OCP 拒绝了该备份，未发起任何备份。";
    RefuseStandby => "A standby cluster cannot be backed up; back up its primary cluster.", "备集群不能备份，请备份其主集群。";
    RefuseLogicalIncremental => "Logical backup can only do full backups.", "逻辑备份只支持全量备份。";
    RefuseFull => "OCP does not allow a full backup of this cluster.", "OCP 不允许对该集群进行全量备份。";
    RefuseIncremental => "OCP does not allow incremental backups of this cluster.", "OCP 不允许对该集群进行增量备份。";
    RefuseNoFull => "No incremental backup before a full backup: run a full backup first.", "尚无全量备份，不能进行增量备份：请先进行全量备份。";
    OcpHint => "OCP says: {hint}", "OCP 提示：{hint}";
    NothingSent => "Nothing is sent to OCP.", "不会向 OCP 发送任何请求。";
    WarnLogStopped => "Log archiving is not running (latest log backup task: {status}). The backup is still taken, but no point after it can be restored until log archiving runs again.", "日志归档未在运行（最新日志备份任务：{status}）。备份仍会进行，但在日志归档恢复之前，无法恢复到该备份之后的时间点。";
    NewTask => "new", "新";
    TaskTitle => "Task {id}", "任务 {id}";
    BackToCluster => "Back to the cluster", "返回集群";
    TaskFacts => "About this task", "任务信息";
    TaskType => "Type", "类型";
    TaskOperation => "Operation", "操作";
    TaskCreator => "Created by", "创建人";
    TaskCreated => "Created", "创建时间";
    TaskStarted => "Started", "开始时间";
    TaskFinished => "Finished", "结束时间";
    TaskDuration => "Duration", "耗时";
    TaskProgress => "{done} of {all} steps done", "已完成 {done}/{all} 个步骤";
    TaskLive => "Refreshed every few seconds while it runs.", "运行期间每隔几秒刷新一次。";
    TaskSteps => "Steps", "步骤";
    TaskNoSteps => "This task has no steps.", "该任务没有步骤。";
    ColStep => "Step", "步骤";
    ColRunTime => "Run time", "运行时长";
    StepFailed => "Step “{step}” failed", "步骤“{step}”失败";
    StepLogUnreadable => "Its log could not be read.", "无法读取该步骤的日志。";
    StepLogEmpty => "Its log is empty.", "该步骤的日志为空。";
    StepLog => "Log", "日志";
    // Restore wizard.
    RestoreTitle => "Restore", "恢复";
    RestoreOpen => "Restore…", "发起恢复…";
    RestoreHeading => "Restore a tenant of {cluster}", "恢复 {cluster} 的租户";
    RestoreStepSource => "Source and point in time", "源租户与恢复时间点";
    RestoreStepTarget => "Target cluster and name", "目标集群与租户名";
    RestoreStepZones => "Zones", "Zone 配置";
    RestoreStepReview => "Review and restore", "确认并恢复";
    WizardBack => "Back", "上一步";
    WizardNext => "Next", "下一步";
    ChooseOne => "Choose…", "请选择…";
    RestoreSourceKind => "What to restore", "恢复来源";
    RestoreSourceOnline => "A tenant managed by OCP", "由 OCP 管理的租户";
    RestoreSourceOffline => "A backup at a storage path (offline)", "存储路径上的备份（离线）";
    RestoreSourceTenant => "Source tenant", "源租户";
    RestoreWindowsCount => "Recoverable windows: {n}", "可恢复窗口：{n} 个";
    RestoreNoWindow => "This tenant has no recoverable window: it needs a finished full backup and continuous log backup after it.", "该租户没有可恢复窗口：需要一次已完成的全量备份以及其后连续的日志备份。";
    WindowFrom => "From", "开始";
    WindowTo => "To (included)", "结束（含）";
    WindowLength => "Length", "时长";
    RestoreLatest => "Latest restorable point", "最新可恢复时间点";
    RestorePickOnTimeline => "Pick on the timeline", "在时间轴上选择";
    RestoreOfflineHelp => "Restore from backup files OCP does not manage: name the cluster and tenant they were taken from and where they are. The storage's keys are asked on the last step and never kept.", "从 OCP 未管理的备份文件恢复：填写备份所属的集群名、租户名和存储路径。存储的访问密钥在最后一步填写，不会被保存。";
    RestoreOfflineCluster => "Cluster the backup was taken from", "备份所属集群名";
    RestoreOfflineTenant => "Tenant the backup was taken from", "备份所属租户名";
    RestoreOfflinePath => "Storage path (without the scheme)", "存储路径（不含协议头）";
    RestoreOfflinePathScheme => "Give the path without its scheme (no oss://, file://…): the storage type says it.", "请填写不含协议头的路径（不要 oss://、file:// 等）：存储类型已说明协议。";
    RestoreOfflinePathSecret => "This path carries credentials. Remove them: the keys are entered separately on the last step and never kept in the address.", "该路径中包含凭据，请删除：访问密钥在最后一步单独填写，不会保存在地址中。";
    RestorePoint => "Restore point:", "恢复时间点：";
    RestorePointInside => "Inside a recoverable window (both ends included).", "位于可恢复窗口内（含两端）。";
    RestorePointCheckedByOcp => "OCP checks this point against the backup when the restore starts.", "OCP 将在发起恢复时根据备份校验该时间点。";
    RestorePointMissing => "Choose a point in time: on the timeline, the latest, or typed below.", "请选择恢复时间点：在时间轴上选择、使用最新时间点，或在下方输入。";
    RestorePointNoSource => "Choose the source tenant: the point is checked against its own recoverable windows.", "请选择源租户：时间点将根据该租户自己的可恢复窗口进行校验。";
    RestorePointFuture => "This point is in the future (by the server's clock).", "该时间点晚于当前时间（以服务器时钟为准）。";
    RestorePointOutside => "This point is outside every recoverable window: it cannot be restored to. Use one of the nearest recoverable points:", "该时间点不在任何可恢复窗口内，无法恢复到该时间点。可使用最近的可恢复时间点：";
    RestoreUseBefore => "Use {time} (the end of the window before)", "使用 {time}（前一窗口的结束）";
    RestoreUseAfter => "Use {time} (the start of the window after)", "使用 {time}（后一窗口的开始）";
    RestoreTypePoint => "Or type the point", "或输入时间点";
    Date => "Date", "日期";
    TimeOfDay => "Time", "时间";
    Microseconds => "Microseconds", "微秒";
    Offset => "Offset", "时区偏移";
    RestoreTargetCluster => "Target cluster", "目标集群";
    TargetNotRunning => "Not running (status {status}): a restore needs a RUNNING cluster.", "未运行（状态 {status}）：恢复需要运行中（RUNNING）的集群。";
    TargetStandby => "A standby cluster cannot receive a new tenant.", "备集群不能接收新租户。";
    TargetLowerVersion => "OB {target} is lower than the source's {source}.", "OB {target} 低于源集群的 {source}。";
    TargetAcrossFour => "OB {target} cannot restore a backup of OB {source}: OceanBase 4.x reads only backups taken by 4.x.", "OB {target} 无法恢复 OB {source} 的备份：OceanBase 4.x 只能读取 4.x 产生的备份。";
    TargetUnknownVersion => "Its OceanBase version is unknown, so it cannot be checked.", "其 OceanBase 版本未知，无法校验。";
    RestoreTenantName => "New tenant name", "新租户名";
    NameRules => "Letters, digits and _, beginning with a letter or _, at most 64 characters; not a name the target already has.", "字母、数字和下划线，以字母或下划线开头，最多 64 个字符；不能与目标集群已有租户重名。";
    NameEmpty => "Give the new tenant a name.", "请填写新租户名。";
    NameTooLong => "At most {max} characters.", "最多 {max} 个字符。";
    NameBadStart => "A tenant name begins with a letter or _.", "租户名须以字母或下划线开头。";
    NameBadCharacter => "“{char}” cannot be used: only letters, digits and _.", "不能使用“{char}”：只允许字母、数字和下划线。";
    NameReserved => "sys is OceanBase's own tenant.", "sys 是 OceanBase 的系统租户。";
    NameTaken => "The target cluster already has a tenant of this name.", "目标集群已有同名租户。";
    NameFree => "The name is free on the target cluster.", "该名称在目标集群中可用。";
    Zone => "Zone", "Zone";
    ReplicaType => "Replica type", "副本类型";
    UnitSpec => "Unit spec", "单元规格";
    UnitCount => "Unit count", "单元数量";
    ZoneReplicaFor => "Replica type in {zone}", "{zone} 的副本类型";
    ZoneSpecFor => "Unit spec in {zone}", "{zone} 的单元规格";
    ZoneUnitsFor => "Unit count in {zone}", "{zone} 的单元数量";
    ZoneUnitsAll => "Units per zone", "每个 Zone 的单元数量";
    ZoneUnitsAllHint => "OceanBase 4.x: every zone of a tenant has the same unit count.", "OceanBase 4.x：租户各 Zone 的单元数量必须相同。";
    ZonesNone => "Use at least one zone.", "请至少使用一个 Zone。";
    ZonesIncomplete => "Zone {zone} needs a replica type, a unit spec and a unit count.", "Zone {zone} 需要副本类型、单元规格和单元数量。";
    ZonesUnknown => "The target cluster has no zone {zone}.", "目标集群没有 Zone {zone}。";
    ZonesUnknownSpec => "Zone {zone}: unit spec {spec} is not offered by OCP.", "Zone {zone}：OCP 中没有单元规格 {spec}。";
    ZonesUnequalUnits => "On OceanBase 4.x every zone needs the same unit count.", "OceanBase 4.x 要求各 Zone 的单元数量相同。";
    ZonesNoFull => "A tenant needs at least one FULL replica.", "租户至少需要一个 FULL 副本。";
    ZonesPrimaryUnknown => "The primary zone names {zone}, which the tenant does not use.", "主 Zone 中的 {zone} 未被租户使用。";
    ZonesPrimaryNotFull => "{zone} leads the primary zone but is not a FULL replica: only FULL replicas can lead.", "{zone} 位于主 Zone 的最高优先级，但不是 FULL 副本：只有 FULL 副本能成为 Leader。";
    PrimaryZone => "Primary zone order", "主 Zone 优先级";
    PrimaryZoneHint => "Drag a zone, or use its arrows (or Alt+↑/↓ on it). Zones of the same priority share a number.", "拖动 Zone，或使用箭头按钮（或在其上按 Alt+↑/↓）调整。同一优先级的 Zone 编号相同。";
    PrimarySameAsAbove => "Same priority as above", "与上一个同优先级";
    PrimaryMoveUp => "Move {zone} up", "上移 {zone}";
    PrimaryMoveDown => "Move {zone} down", "下移 {zone}";
    PrimaryItemLabel => "{zone}, priority {level}", "{zone}，优先级 {level}";
    PrimaryAsSent => "Sent as", "发送值";
    ReviewSourceOnline => "Source: tenant {tenant} of cluster {cluster}.", "源：集群 {cluster} 的租户 {tenant}。";
    ReviewSourceOffline => "Source: the backup of tenant {tenant} of cluster {cluster} at {path}.", "源：{path} 中集群 {cluster} 租户 {tenant} 的备份。";
    ReviewPoint => "Restored to {time}.", "恢复到 {time}。";
    ReviewTarget => "As the new tenant {name} on cluster {cluster}.", "恢复为集群 {cluster} 上的新租户 {name}。";
    ReviewZones => "Zones: {zones}.", "Zone：{zones}。";
    ReviewPrimary => "Primary zone: {primary}.", "主 Zone：{primary}。";
    PreflightTitle => "Checks before sending", "发送前检查";
    CheckPass => "Pass", "通过";
    CheckFail => "Fail", "未通过";
    CheckPoint => "Point in time", "恢复时间点";
    CheckTarget => "Target cluster", "目标集群";
    CheckTargetOk => "RUNNING, and not lower in version than the source.", "运行中，且版本不低于源集群。";
    CheckTargetOkOffline => "RUNNING and a primary; OCP checks its version against the backup.", "运行中的主集群；版本由 OCP 根据备份校验。";
    CheckName => "Tenant name", "租户名";
    CheckZones => "Zones", "Zone";
    CheckZonesOk => "Every zone has a replica type, unit spec and count; the primary zone is led by FULL replicas.", "每个 Zone 都有副本类型、单元规格和数量；主 Zone 由 FULL 副本领先。";
    OfflineKeys => "Storage keys", "存储访问密钥";
    OfflineKeysHint => "Used for this request only: never stored, never put in the address.", "仅用于本次请求：不会保存，也不会放入地址栏。";
    RequestBody => "The exact request", "完整请求内容";
    RestoreAlreadyStarted => "This restore was already started from this tab (task {job}). Change the name, target or point to start another.", "此恢复已在本标签页发起（任务 {job}）。如需再次发起，请修改名称、目标集群或时间点。";
    RestoreFollowIt => "Follow it", "查看进度";
    RestoreSubmit => "Start the restore", "发起恢复";
    Submitting => "Sending…", "发送中…";
    SubmitBlocked => "Every check must pass before the restore can start.", "所有检查通过后才能发起恢复。";
    SubmitPointOutside => "The recoverable windows were read again just before sending, and the point is no longer inside one (backups may have expired). The point was not moved.", "发送前重新读取了可恢复窗口，该时间点已不在任何窗口内（备份可能已过期）。时间点未被改动。";
    SubmitNearest => "Nearest recoverable points: {times}", "最近的可恢复时间点：{times}";
    SubmitChoosePoint => "Choose another point", "重新选择时间点";
    SubmitNoTask => "OCP accepted the restore but named no task to follow. Check the restore list of the target cluster.", "OCP 已接受恢复请求，但未返回任务。请查看目标集群的恢复任务列表。";
    RestoreFollowTitle => "Restore of {name}", "恢复 {name}";
    RestoreStatus => "Restore status", "恢复状态";
    RestoredPointSame => "Restored to the point asked for, {asked} (OCP reports {reported}).", "已恢复到请求的时间点 {asked}（OCP 报告为 {reported}）。";
    RestoredPointDiffers => "OCP reports the restore at {reported}, but {asked} was asked for. Check the tenant's data before using it.", "OCP 报告恢复到 {reported}，但请求的是 {asked}。使用前请核对租户数据。";
    RestoredPointUnknown => "OCP does not say which point the tenant was restored to.", "OCP 未报告租户恢复到的时间点。";
    RestoreLeftover => "A failed restore leaves tenant {name} on cluster {cluster} in a restoring state: it holds the name and its resource pools. Drop it in OCP before restoring under this name again, or choose another name.", "失败的恢复会在集群 {cluster} 上留下处于恢复中状态的租户 {name}，占用该名称及其资源池。再次以此名称恢复前，请先在 OCP 中删除该租户，或改用其他名称。";
    RestoreAgain => "Change the choices and try again", "修改后重试";
    NewTenantReady => "Tenant {name} is ready.", "租户 {name} 已就绪。";
    OpenTargetCluster => "Open its cluster", "打开所在集群";
    OpenTenantWindows => "Its recoverable windows", "查看其可恢复窗口";
    AllRestores => "All restores of the target cluster", "目标集群的全部恢复任务";
    // Health.
    HealthTitle => "Health", "健康状况";
    HealthOk => "Healthy", "正常";
    StrategyChecksTitle => "Before you save", "保存前请注意";
    StrategyChecksClear => "No warnings about this schedule.", "该调度没有需要注意的问题。";
    StrategyChecksNotBlocking => "These are warnings: saving is still possible, and OCP decides.", "以上为提醒：仍可保存，以 OCP 的校验为准。";
    ColHealth => "Health", "健康";
    OnlyProblems => "Only clusters with problems", "仅显示有问题的集群";
    HealthCalm => "All is well: this cluster can be restored to a recent point, and its backups and log archiving run as planned.", "一切正常：该集群可以恢复到最近的时间点，备份和日志归档均按计划运行。";
    SeverityCritical => "Critical", "严重";
    SeverityWarning => "Warning", "警告";
    SeverityInfo => "Info", "提示";
    FixStrategy => "Open the strategy", "打开备份策略";
    FixCreateStrategy => "Create a strategy", "创建备份策略";
    FixTask => "Open the task", "打开任务";
    FixTasks => "Open the tasks", "打开任务列表";
    FixTimeline => "Open the timeline", "打开时间轴";
    // Windows timeline.
    WinPageTitle => "Recoverable windows", "可恢复窗口";
    WinOpen => "Open the timeline", "打开时间线";
    WinScope => "Tenant", "租户";
    WinUnion => "All tenants (union)", "全部租户（并集）";
    WinUnknownTenant => "This cluster's answer has no tenant {id}.", "该集群的返回中没有租户 {id}。";
    WinShowUnion => "Show all tenants", "显示全部租户";
    WinOffset => "Times in", "时间显示";
    WinOffsetCluster => "Cluster's offset", "集群时区";
    WinOffsetBrowser => "Your browser's offset", "浏览器时区";
    WinOffsetUtc => "UTC", "UTC";
    WinEarlier => "← Earlier week", "← 上一周";
    WinLater => "Later week →", "下一周 →";
    WinLastWeek => "Last 7 days", "最近 7 天";
    WinZoomIn => "Zoom in", "放大";
    WinZoomOut => "Zoom out", "缩小";
    WinZoomReset => "Reset zoom", "重置缩放";
    WinChartLabel => "Recoverable windows timeline", "可恢复窗口时间线";
    WinKeys => "Click inside a window to choose a restore point. Drag or ← → to pan, wheel or + − to zoom, 0 to reset; Tab reaches the marks, ← → move between them, Enter chooses.", "在窗口内单击即可选择恢复点。拖动或按 ← → 平移，滚轮或按 + − 缩放，按 0 重置；按 Tab 进入标记，← → 在标记间移动，回车选择。";
    WinLaneFull => "Full", "全量";
    WinLaneIncremental => "Incremental", "增量";
    WinLaneLog => "Log archive", "日志归档";
    WinLaneWindows => "Recoverable", "可恢复";
    WinGap => "gap {len}", "缺口 {len}";
    WinNow => "now", "当前";
    WinWindowStart => "Window {n} starts", "窗口 {n} 开始";
    WinWindowEnd => "Window {n} ends", "窗口 {n} 结束";
    WinWindowInstant => "Window {n}, a single instant", "窗口 {n}（单一时间点）";
    WinWindow => "Window {n}", "窗口 {n}";
    WinGapNamed => "Gap {n}: nothing can be restored", "缺口 {n}：无法恢复";
    WinLog => "Log archived", "日志已归档";
    WinRestorable => "a restore point", "可作为恢复点";
    WinUnreachable => "Not a restore point: the log archive has not reached it yet (OceanBase error 4018 “No enough log for restore”).", "不可作为恢复点：日志归档尚未到达该时间点（OceanBase 错误 4018“No enough log for restore”）。";
    WinPicked => "Chosen point", "已选恢复点";
    WinRestoreHere => "Restore to this point", "恢复到此时间点";
    WinLatest => "Latest", "最新";
    WinNoPick => "No point chosen yet.", "尚未选择恢复点。";
    WinRefused => "No restore point at {at}: it is in a gap. Nearest valid points: before, {before}; after, {after}.", "{at} 无法恢复：该时间点位于缺口中。最近的可恢复时间点：之前 {before}；之后 {after}。";
    WinNone => "none", "无";
    WinNoWindow => "There is no recoverable window in this range.", "此范围内没有可恢复窗口。";
    WinSnapped => "Moved onto the window's edge.", "已吸附到窗口边缘。";
    WinPickedOutside => "This point is not inside a recoverable window shown here.", "该时间点不在此处显示的可恢复窗口内。";
    WinLogTasks => "Log backup tasks of this period", "该时段的日志备份任务";
    WinTable => "The same data as tables", "以表格显示相同数据";
    WinTableWindows => "Recoverable windows", "可恢复窗口";
    WinTableGaps => "Gaps", "缺口";
    WinTablePoints => "Backup points", "备份点";
    WinTableLogs => "Log archive intervals", "日志归档区间";
    WinColFrom => "From", "开始";
    WinColTo => "To", "结束";
    WinColLength => "Length", "时长";
    WinColTime => "Recoverable time", "可恢复时间";
    WinColSet => "Full backup set", "全量备份集";
    WinColRestorable => "Restore point", "可恢复点";
    WinYes => "Yes", "是";
    WinNo4018 => "No: log not reached (4018)", "否：日志未到达（4018）";
    WinEmpty => "None in this range.", "此范围内没有。";
    WinCount => "Windows: {windows} · gaps: {gaps} · backup points: {points}", "窗口：{windows} · 缺口：{gaps} · 备份点：{points}";
    // A page's code could not be fetched (the same words as index.html's start failure).
    ChunkFailedTitle => "This part of the console could not be loaded", "无法加载控制台的这一部分";
    ChunkFailedHint => "The connection to the server may have dropped, or the console was updated on the server. Check the connection, then retry or reload the page.", "可能是与服务器的连接中断，或服务器上的控制台已更新。请检查网络连接，然后重试或重新加载页面。";
    Reload => "Reload the page", "重新加载页面";
    Theme => "Colours", "配色";
    ThemeSystem => "As the system", "跟随系统";
    ThemeLight => "Light", "浅色";
    ThemeDark => "Dark", "深色";
    WaitingForOcp => "Waiting for OCP…", "正在等待 OCP 响应…";
    OpenFullConsole => "Open the full console", "打开完整控制台";
    HintWriteUnknown => "OCP may have carried this out anyway. Check its current state (reload, or look at the task list) before trying again.", "OCP 可能已经执行了该操作。请先确认当前状态（刷新页面或查看任务列表），再决定是否重试。";
    // The live RPO's level in words, beside its colour.
    RpoLevelHealthy => "Within the threshold", "在阈值内";
    RpoLevelLate => "Over the threshold", "超过阈值";
    RpoLevelCritical => "Over three times the threshold", "超过阈值的三倍";
    // Tenant-level backup (OB 4.x).
    TenantPrefilled => "Filled in from the cluster's strategy, as OCP does. Keeping the cluster's storage path is advised.", "已按集群备份策略预填（与 OCP 一致），建议沿用集群的存储路径。";
    TenantsTitle => "Tenants", "租户";
    TenantsOldOb => "On OceanBase {version}, tenants cannot have their own backup strategy (it needs OB 4.0 or later): the cluster's strategy protects them all.", "OceanBase {version} 的租户不能设置自己的备份策略（需要 OB 4.0 及以上），由集群备份策略统一保护。";
    ColTenant => "Tenant", "租户";
    ColGoverning => "Strategy", "备份策略";
    ColSchedule => "Schedule", "调度状态";
    GovOwn => "Its own", "租户自己的";
    GovCluster => "The cluster's", "集群的";
    GovNobody => "None", "无";
    TenantGoverning => "Protected by", "保护它的策略";
    TenantGovOwnHelp => "This tenant has its own strategy: the cluster's no longer governs it.", "该租户有自己的备份策略，集群策略不再管理它。";
    TenantGovClusterHelp => "The cluster's strategy protects this tenant. Give it its own to set it apart.", "该租户由集群备份策略保护。可以为它创建自己的策略。";
    TenantGovNobodyHelp => "No strategy protects this tenant.", "没有任何备份策略保护该租户。";
    TenantNotSupported => "Tenant-level backup needs OceanBase 4.0 or later.", "租户级备份需要 OceanBase 4.0 及以上版本。";
    TenantCreatingNote => "This tenant is still being created: it cannot be backed up yet.", "该租户仍在创建中，暂不能备份。";
    TenantWindowsLink => "Recoverable windows", "可恢复时间窗口";
    TenantOfCluster => "Tenant of {cluster}", "{cluster} 的租户";
    HealthCalmTenant => "All is well: this tenant can be restored to a recent point, and its backups and log archiving run as planned.", "一切正常：该租户可以恢复到最近的时间点，备份和日志归档均按计划运行。";
}

/// The language context: read it to translate, set it to switch.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        Self {
            lang: RwSignal::new(lang),
        }
    }

    /// Translates, subscribing the caller to language changes.
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// Translates and fills `{name}` placeholders.
    pub fn fmt(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        let mut s = self.t(msg).to_owned();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    pub fn set(&self, lang: Lang) {
        Store::Local.write(KEY_LANG, lang.tag());
        self.lang.set(lang);
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// `{move || t(Msg::X)}` in views: a reactive translation.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(msg)
}
