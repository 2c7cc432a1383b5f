//! The query layer's rules on a fake clock.

use super::*;

const EVERY: Policy = Policy::every(60_000);

fn planner() -> Planner<&'static str> {
    Planner::new(Config::default())
}

fn sends(cmds: &[Command<&'static str>]) -> Vec<&'static str> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Send { key, .. } => Some(*key),
            _ => None,
        })
        .collect()
}

fn ticket(cmds: &[Command<&'static str>], k: &str) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            Command::Send { key, ticket } if *key == k => Some(*ticket),
            _ => None,
        })
        .expect("sent")
}

fn answer(p: &mut Planner<&'static str>, k: &'static str, t: u64, now: Ms) {
    p.finish(&k, t, Outcome::Answered, RateHeaders::default(), now);
}

#[test]
fn one_request_per_key_however_many_observe() {
    let mut p = planner();
    for observer in 0..50 {
        p.observe(&"overview/1", observer, Priority::Visible, EVERY, 0);
    }
    let cmds = p.pump(0);
    assert_eq!(sends(&cmds), ["overview/1"]);
    assert!(
        sends(&p.pump(10)).is_empty(),
        "still in flight: no second read"
    );
    answer(&mut p, "overview/1", ticket(&cmds, "overview/1"), 30);
    // A late observer gets the kept answer, no request.
    p.observe(&"overview/1", 99, Priority::Asked, EVERY, 40);
    assert!(sends(&p.pump(40)).is_empty());
}

#[test]
fn stale_while_revalidate() {
    let mut p = planner();
    let short = Policy::once(5_000, 60_000);
    p.observe(&"k", 1, Priority::Asked, short, 0);
    let t = ticket(&p.pump(0), "k");
    answer(&mut p, "k", t, 100);
    p.unobserve(&"k", 1, 200);
    // Within freshness: served as kept.
    p.observe(&"k", 2, Priority::Asked, short, 3_000);
    assert!(sends(&p.pump(3_000)).is_empty());
    assert_eq!(p.status(&"k").answered_at, Some(100));
    p.unobserve(&"k", 2, 3_100);
    // Older than freshness: the kept answer stays (answered_at) while it is read again.
    p.observe(&"k", 3, Priority::Asked, short, 6_000);
    assert_eq!(sends(&p.pump(6_000)), ["k"]);
    let s = p.status(&"k");
    assert!(s.fetching);
    assert_eq!(s.answered_at, Some(100));
}

#[test]
fn concurrency_limit_and_priorities() {
    let mut p = planner();
    for (i, k) in ["r1", "r2", "r3", "r4", "r5", "r6"].iter().enumerate() {
        p.observe(k, i as u64, Priority::Prefetch, EVERY, 0);
    }
    p.observe(&"v1", 10, Priority::Visible, EVERY, 0);
    p.observe(&"page", 11, Priority::Asked, EVERY, 0);
    let first = p.pump(0);
    // Four at once: the page asked for, the visible row, then prefetch in arrival order.
    assert_eq!(sends(&first), ["page", "v1", "r1", "r2"]);
    assert_eq!(p.in_flight(), 4);
    assert_eq!(p.queued(), 4);
    assert!(sends(&p.pump(5)).is_empty());
    answer(&mut p, "r1", ticket(&first, "r1"), 30);
    // A new visible read overtakes the waiting prefetches.
    p.observe(&"v2", 12, Priority::Visible, EVERY, 30);
    assert_eq!(sends(&p.pump(30)), ["v2"]);
}

#[test]
fn a_queued_read_nobody_needs_is_dropped_and_one_in_flight_aborted() {
    let mut p = planner();
    for (i, k) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        p.observe(k, i as u64, Priority::Visible, EVERY, 0);
    }
    let first = p.pump(0);
    assert_eq!(sends(&first), ["a", "b", "c", "d"]);
    // The search changed: "e" (queued) and "a" (in flight) are no longer shown.
    p.unobserve(&"e", 4, 10);
    p.unobserve(&"a", 0, 10);
    let cmds = p.pump(10);
    assert!(cmds.contains(&Command::Abort {
        key: "a",
        ticket: ticket(&first, "a"),
        timed_out: false,
    }));
    assert!(sends(&cmds).is_empty(), "e is not sent: nobody needs it");
    assert_eq!(p.in_flight(), 3);
    // The aborted read's late end changes nothing.
    answer(&mut p, "a", ticket(&first, "a"), 20);
    assert_eq!(p.status(&"a").answered_at, None);
}

#[test]
fn re_observed_in_the_same_turn_keeps_its_read() {
    let mut p = planner();
    p.observe(&"a", 1, Priority::Visible, EVERY, 0);
    let t = ticket(&p.pump(0), "a");
    // A row re-drawn: old observer leaves, new one comes before the next pump.
    p.unobserve(&"a", 1, 5);
    p.observe(&"a", 2, Priority::Visible, EVERY, 5);
    let cmds = p.pump(5);
    assert!(cmds.is_empty(), "{cmds:?}");
    answer(&mut p, "a", t, 30);
    assert_eq!(p.status(&"a").answered_at, Some(30));
}

#[test]
fn timeout_counts_from_sending_not_queueing() {
    let mut p = planner();
    for (i, k) in ["a", "b", "c", "d", "late"].iter().enumerate() {
        p.observe(k, i as u64, Priority::Visible, EVERY, 0);
    }
    let first = p.pump(0);
    // "late" waits 15 s for a slot.
    answer(&mut p, "a", ticket(&first, "a"), 15_000);
    let second = p.pump(15_000);
    assert_eq!(sends(&second), ["late"]);
    // At 20 s the first reads time out; "late" has been sent only 5 s ago.
    let cmds = p.pump(20_000);
    let aborted: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Command::Abort { key, .. } => Some(*key),
            _ => None,
        })
        .collect();
    assert_eq!(aborted.len(), 3);
    assert!(!aborted.contains(&"late"));
    assert!(p.status(&"late").fetching);
    // Timed-out reads try again after the back-off.
    assert_eq!(p.status(&"b").retry_at, Some(21_000));
    let cmds = p.pump(35_000);
    assert!(cmds.contains(&Command::Abort {
        key: "late",
        ticket: ticket(&second, "late"),
        timed_out: true,
    }));
}

#[test]
fn network_errors_back_off_1s_then_2s_then_wait_for_the_refresh() {
    let mut p = planner();
    p.observe(&"a", 1, Priority::Visible, EVERY, 0);
    let t = ticket(&p.pump(0), "a");
    p.finish(&"a", t, Outcome::Unreachable, RateHeaders::default(), 100);
    assert!(sends(&p.pump(1_000)).is_empty());
    let t = ticket(&p.pump(1_100), "a");
    p.finish(&"a", t, Outcome::Unreachable, RateHeaders::default(), 1_200);
    assert!(sends(&p.pump(3_100)).is_empty());
    let t = ticket(&p.pump(3_200), "a");
    p.finish(&"a", t, Outcome::Unreachable, RateHeaders::default(), 3_300);
    assert_eq!(p.status(&"a").retry_at, None, "no third quick retry");
    // Next: the refresh, 60 s ± 10 % after the last end.
    assert!(sends(&p.pump(3_300 + 53_999)).is_empty());
    let mut sent_at = None;
    for now in (3_300 + 54_000..=3_300 + 66_000).step_by(100) {
        if !sends(&p.pump(now)).is_empty() {
            sent_at = Some(now);
            break;
        }
    }
    let sent_at = sent_at.expect("refreshed within 60 s ± 10 %");
    assert!((57_300..=69_300).contains(&sent_at), "{sent_at}");
}

#[test]
fn a_429_pauses_every_read_until_the_reset_then_retries_by_itself() {
    let mut p = planner();
    for (i, k) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        p.observe(k, i as u64, Priority::Visible, EVERY, 0);
    }
    let first = p.pump(0);
    p.finish(
        &"a",
        ticket(&first, "a"),
        Outcome::Throttled {
            reset_ms: Some(10_000),
        },
        RateHeaders {
            remaining: Some(0),
            reset_ms: Some(10_000),
        },
        50,
    );
    // Rows can say until when they wait.
    let held = p.held_until(60).expect("held");
    assert!(
        (10_050..11_050).contains(&held),
        "until the jittered reset: {held}"
    );
    // A slot is free, but nothing goes before the reset: no storm.
    for now in (50..10_050).step_by(500) {
        assert!(sends(&p.pump(now)).is_empty(), "sent at {now}");
    }
    let retry = p.status(&"a").retry_at.expect("retry planned");
    assert!((10_050..11_050).contains(&retry), "jittered retry: {retry}");
    let cmds = p.pump(11_100);
    // The oldest queued read goes first, then the retry; one slot was free.
    assert_eq!(sends(&cmds), ["e"]);
}

#[test]
fn the_budget_holds_background_reads_back_but_not_what_the_user_asked_for() {
    let mut p = planner();
    p.observe(&"row", 1, Priority::Visible, EVERY, 0);
    let t = ticket(&p.pump(0), "row");
    p.finish(
        &"row",
        t,
        Outcome::Answered,
        RateHeaders {
            remaining: Some(2),
            reset_ms: Some(30_000),
        },
        10,
    );
    assert_eq!(p.held_until(15), Some(30_010), "rows wait for the reset");
    p.observe(&"row2", 2, Priority::Visible, EVERY, 20);
    assert!(sends(&p.pump(20)).is_empty(), "2 left: kept for the user");
    p.observe(&"page", 3, Priority::Asked, EVERY, 30);
    assert_eq!(sends(&p.pump(30)), ["page"]);
    // The window resets: background reads flow again.
    assert_eq!(p.held_until(30_010), None);
    assert_eq!(sends(&p.pump(30_010)), ["row2"]);
}

#[test]
fn refreshes_only_while_observed_and_visible() {
    let mut p = planner();
    p.observe(&"a", 1, Priority::Visible, Policy::every(15_000), 0);
    let t = ticket(&p.pump(0), "a");
    answer(&mut p, "a", t, 0);
    p.set_visible(false);
    assert!(sends(&p.pump(60_000)).is_empty(), "hidden tab: no refresh");
    p.set_visible(true);
    assert_eq!(
        sends(&p.pump(60_001)),
        ["a"],
        "due at once when shown again"
    );
}

#[test]
fn the_most_demanding_observer_sets_the_refresh() {
    let mut p = planner();
    p.observe(&"a", 1, Priority::Visible, Policy::every(60_000), 0);
    p.observe(&"a", 2, Priority::Visible, Policy::every(5_000), 0);
    let t = ticket(&p.pump(0), "a");
    answer(&mut p, "a", t, 0);
    let mut refreshed = None;
    for now in (0..=10_000).step_by(100) {
        if let Some(Command::Send { ticket, .. }) = p.pump(now).first().cloned() {
            refreshed = Some(now);
            answer(&mut p, "a", ticket, now);
            break;
        }
    }
    let at = refreshed.expect("refreshed");
    assert!((4_500..=5_500).contains(&at), "{at}");
    // When the 5 s observer leaves, the 60 s one rules.
    p.unobserve(&"a", 2, at);
    assert!(sends(&p.pump(at + 50_000)).is_empty());
}

#[test]
fn a_write_invalidates_what_it_changed() {
    let mut p = planner();
    p.observe(&"strategy/1", 1, Priority::Visible, EVERY, 0);
    p.observe(&"overview/2", 2, Priority::Visible, EVERY, 0);
    let cmds = p.pump(0);
    answer(&mut p, "strategy/1", ticket(&cmds, "strategy/1"), 10);
    answer(&mut p, "overview/2", ticket(&cmds, "overview/2"), 10);
    p.invalidate(|k| k.ends_with("/1"));
    assert_eq!(sends(&p.pump(20)), ["strategy/1"]);
}

#[test]
fn a_retry_goes_first_whatever_the_back_off() {
    let mut p = planner();
    p.observe(&"a", 1, Priority::Prefetch, EVERY, 0);
    let t = ticket(&p.pump(0), "a");
    p.finish(&"a", t, Outcome::Failed, RateHeaders::default(), 10);
    for (i, k) in ["b", "c", "d", "e", "f"].iter().enumerate() {
        p.observe(k, 10 + i as u64, Priority::Visible, EVERY, 20);
    }
    p.refetch(&"a");
    assert_eq!(sends(&p.pump(20))[0], "a");
}

#[test]
fn answers_nobody_observes_are_forgotten_after_their_keep() {
    let mut p = planner();
    p.observe(&"a", 1, Priority::Visible, Policy::once(1_000, 5_000), 0);
    let t = ticket(&p.pump(0), "a");
    answer(&mut p, "a", t, 10);
    p.unobserve(&"a", 1, 100);
    assert!(p.pump(5_000).is_empty());
    assert_eq!(p.next_wake(), Some(5_100));
    assert_eq!(p.pump(5_100), vec![Command::Forget("a")]);
    assert!(!p.contains(&"a"));
}

#[test]
fn freshness_and_the_evaluation_instant() {
    // A list refreshed every minute is current until a minute, its jitter and a timeout.
    assert_eq!(Freshness::of(60_000, 60_000, 20_000), Freshness::Current);
    assert_eq!(Freshness::of(86_000, 60_000, 20_000), Freshness::Current);
    assert_eq!(
        Freshness::of(86_001, 60_000, 20_000),
        Freshness::Stale { age_ms: 86_001 }
    );
    // Rules run at the server's now while current, and never past the data plus its interval.
    assert_eq!(
        evaluation_instant(1_000_030_000, 1_000_000_000, 60_000),
        1_000_030_000
    );
    assert_eq!(
        evaluation_instant(1_000_600_000, 1_000_000_000, 60_000),
        1_000_060_000
    );
    assert_eq!(
        evaluation_instant(999_000_000, 1_000_000_000, 60_000),
        1_000_000_000
    );
}

#[test]
fn lists_are_read_to_the_end() {
    use crate::envelope::PageInfo;
    let info = |total| PageInfo {
        total_elements: total,
        total_pages: 0,
        number: 1,
        size: 2000,
    };
    // 500 clusters in pages of 200: two more pages.
    assert_eq!(remaining_pages(Some(&info(500)), 200, 200), 2..4);
    // 4,500 rows at the largest page: two more.
    assert_eq!(
        remaining_pages(Some(&info(4_500)), 2_000, MAX_PAGE_SIZE),
        2..4
    );
    // Everything on the first page, or every row at once whatever `size` says.
    assert!(remaining_pages(Some(&info(500)), 500, 2_000).is_empty());
    assert!(remaining_pages(Some(&info(30)), 30, 10).is_empty());
    // Unpaged: nothing more to read.
    assert!(remaining_pages(None, 12, 200).is_empty());
}
