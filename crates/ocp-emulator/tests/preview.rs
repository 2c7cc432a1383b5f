//! The strategy editor's preview is what the emulator runs: a draft built as the console's
//! editor builds it is POSTed as is, the emulated clock is moved past the previewed runs
//! (`advance_to`, no real-time waiting), and the scheduled data backup tasks must be exactly
//! the previewed runs — the same days, in the same order, of the same kind, at the previewed
//! instant plus the engine's documented start delay (2..40 s) — and nothing else.

mod common;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use common::*;
use ocp_model::schedule::{next_runs, ScheduledRun};
use ocp_model::strategy_form::{preview_runs, StrategyDraft};
use ocp_model::time::{format_offset, offset_hours};
use ocp_model::{
    DataBackupMode, DataBackupStatus, DataBackupTask, Lang, Paged, ScheduleDay, ScheduleMode,
};

/// Seeded without a strategy (see seed.rs): no backups of its own to tell apart.
const C_NONE: i64 = 1000006;
const C_NONE_NAME: &str = "ob-test-sh";

fn draft_at(offset: FixedOffset) -> StrategyDraft {
    StrategyDraft::new_default(offset, false, C_NONE_NAME)
}

/// Clicks a grid cell until it shows `kind`, as a person would.
fn click_to(d: &mut StrategyDraft, day: ScheduleDay, kind: DataBackupMode) {
    for _ in 0..3 {
        if d.days.get(&day) == Some(&kind) {
            return;
        }
        assert!(d.cycle_day(day), "day {day} refused");
    }
    panic!("day {day} never showed {kind:?}");
}

/// Clicks a grid cell until it is empty.
fn clear(d: &mut StrategyDraft, day: ScheduleDay) {
    for _ in 0..3 {
        if !d.days.contains_key(&day) {
            return;
        }
        d.cycle_day(day);
    }
    panic!("day {day} never cleared");
}

/// The runs the editor previews for `draft` at `now`, checked against the preview table, so
/// the expectation is the preview itself and not a second reading of the draft.
fn previewed(draft: &StrategyDraft, now: DateTime<Utc>, count: usize) -> Vec<ScheduledRun> {
    let time = draft.schedule_time_of_day().expect("a valid time");
    let runs = next_runs(&draft.schedule_mode, &draft.days, time, now, count);
    assert_eq!(runs.len(), count);
    let viewer = offset_hours(8);
    let table = preview_runs(draft, now, viewer, count, Lang::En);
    assert_eq!(table.len(), count);
    for (r, row) in runs.iter().zip(&table) {
        assert_eq!(row.kind, r.kind);
        let cluster = format!(
            "{} {}",
            r.at.with_timezone(&time.offset).format("%Y-%m-%d %H:%M"),
            format_offset(time.offset)
        );
        assert!(row.cluster.ends_with(&cluster), "{row:?} vs {cluster}");
    }
    runs
}

fn path(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

/// POSTs the draft exactly as the editor would, at the emulator's current instant.
async fn post_draft(e: &Emu, draft: &StrategyDraft) {
    let param = draft.to_param(C_NONE).expect("the draft is valid");
    let body = serde_json::to_string(&param).unwrap();
    let r = e
        .send("POST", &path(C_NONE, "config/backupStrategy"), Some(&body))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The cluster's data backup tasks, oldest first.
async fn data_tasks(e: &Emu) -> Vec<DataBackupTask> {
    let p: Paged<DataBackupTask> = e
        .ok(&path(C_NONE, "task/dataBackupTasks?size=2000"))
        .await
        .decode();
    let mut v = p.contents;
    v.sort_by_key(|t| t.start_time.map(|s| s.datetime()));
    v
}

/// Each task is its run: the same kind, started 2..40 s after the previewed instant (the
/// engine's start delay), hence on the previewed day in the schedule's offset; one task per
/// run and no others.
fn assert_ran_as_previewed(tasks: &[DataBackupTask], runs: &[ScheduledRun]) {
    let got: Vec<String> = tasks
        .iter()
        .map(|t| {
            format!(
                "{:?} {}",
                t.data_backup_task_type,
                t.start_time.unwrap().datetime()
            )
        })
        .collect();
    let want: Vec<String> = runs
        .iter()
        .map(|r| format!("{:?} {}", r.kind, r.at))
        .collect();
    assert_eq!(
        tasks.len(),
        runs.len(),
        "\nran:      {got:#?}\npreviewed: {want:#?}"
    );
    for (t, r) in tasks.iter().zip(runs) {
        let start = t.start_time.unwrap().datetime();
        let off = r.at.offset();
        assert_eq!(
            start.with_timezone(off).date_naive(),
            r.at.date_naive(),
            "day: ran {start}, previewed {}",
            r.at
        );
        assert_eq!(t.data_backup_task_type, r.kind, "kind on {}", r.at);
        let delay = start.with_timezone(&Utc) - r.at.with_timezone(&Utc);
        assert!(
            delay >= Duration::seconds(2) && delay < Duration::seconds(40),
            "ran {start}, previewed {}: delay {delay}",
            r.at
        );
    }
}

#[tokio::test]
async fn a_week_draft_runs_on_the_previewed_instants() {
    let e = emu();
    let now = e.app.clock.now();
    // Full Tuesday and Thursday, incremental Saturday, 02:00 +08:00 (the default Monday full
    // and Thursday incremental clicked away or over).
    let mut d = draft_at(offset_hours(8));
    clear(&mut d, 1);
    click_to(&mut d, 2, DataBackupMode::Full);
    click_to(&mut d, 4, DataBackupMode::Full);
    click_to(&mut d, 6, DataBackupMode::Incremental);
    d.schedule_time = "02:00".into();
    // Created Tuesday 14:35: this Tuesday's 02:00 has passed, so a full (Thursday) comes first
    // and every incremental has a full to build on.
    let runs = previewed(&d, now, 8);
    assert_eq!(runs[0].kind, DataBackupMode::Full);
    post_draft(&e, &d).await;
    let last = runs.last().unwrap().at.with_timezone(&Utc);
    // Past the 8th run (and its backup), short of the 9th.
    let next = next_runs(
        &d.schedule_mode,
        &d.days,
        d.schedule_time_of_day().unwrap(),
        now,
        9,
    )[8]
    .at
    .with_timezone(&Utc);
    let until = last + Duration::hours(12);
    assert!(until < next);
    e.app.advance_to(until).unwrap();
    let tasks = data_tasks(&e).await;
    assert_ran_as_previewed(&tasks, &runs);
    for t in &tasks {
        assert_eq!(t.status, DataBackupStatus::Done, "{t:?}");
    }
    // Weekdays in the schedule's offset: Tuesday, Thursday, Saturday only.
    for t in &tasks {
        let wd = t
            .start_time
            .unwrap()
            .datetime()
            .with_timezone(&offset_hours(8))
            .weekday()
            .number_from_monday();
        assert!([2, 4, 6].contains(&wd), "{t:?}");
    }
}

async fn month_draft_case(offset: FixedOffset, time: &str) {
    let e = emu();
    let now = e.app.clock.now();
    let mut d = draft_at(offset);
    d.set_schedule_mode(ScheduleMode::Month);
    assert!(d.days.is_empty());
    click_to(&mut d, 15, DataBackupMode::Full);
    click_to(&mut d, 31, DataBackupMode::Incremental);
    d.schedule_time = time.into();
    // From 2026-11-24: 15 Dec, 31 Dec, 15 Jan, 31 Jan, 15 Feb, 15 Mar, 31 Mar, 15 Apr, 15 May,
    // 31 May — November, February and April have no 31st.
    let runs = previewed(&d, now, 10);
    let days: Vec<NaiveDate> = runs.iter().map(|r| r.at.date_naive()).collect();
    let ymd = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(
        days,
        vec![
            ymd(2026, 12, 15),
            ymd(2026, 12, 31),
            ymd(2027, 1, 15),
            ymd(2027, 1, 31),
            ymd(2027, 2, 15),
            ymd(2027, 3, 15),
            ymd(2027, 3, 31),
            ymd(2027, 4, 15),
            ymd(2027, 5, 15),
            ymd(2027, 5, 31),
        ]
    );
    post_draft(&e, &d).await;
    // Past the 10th run, well before the next (15 June).
    let until = runs.last().unwrap().at.with_timezone(&Utc) + Duration::days(2);
    e.app.advance_to(until).unwrap();
    let tasks = data_tasks(&e).await;
    assert_ran_as_previewed(&tasks, &runs);
    // No backup on a day the preview did not show: in the schedule's offset every run is on
    // the 15th or the 31st, never on the 30th/1st a 30-day month might have moved it to.
    for t in &tasks {
        let local = t.start_time.unwrap().datetime().with_timezone(&offset);
        assert!([15, 31].contains(&local.day()), "{t:?} ran on {local}");
    }
    for t in &tasks {
        assert_eq!(t.status, DataBackupStatus::Done, "{t:?}");
    }
}

#[tokio::test]
async fn a_month_draft_west_of_utc_runs_on_the_previewed_days_and_skips_missing_31sts() {
    // 22:00 -05:00 is 11:00 the next day at the cluster's +08:00: the days must be the
    // schedule's, not the cluster's.
    month_draft_case(offset_hours(-5), "22:00").await;
}

#[tokio::test]
async fn a_month_draft_at_a_half_hour_offset_runs_on_the_previewed_days() {
    // 01:15 +05:30 is 19:45 UTC the day before.
    month_draft_case(FixedOffset::east_opt(5 * 3600 + 1800).unwrap(), "01:15").await;
}
