//! Issue 19, fleet scale: `--fleet CLUSTERS[xTENANTS]` (hundreds of clusters, read in pages,
//! sorted and filtered, with the demo's mix of health as the console's rules judge it) and
//! `--rate-limit LIMIT/SECONDS` (OCP's throttle: RateLimit-* on every /api answer, 429 with
//! code 0 past the limit, a fixed window of real time per user).

mod common;

use axum::http::StatusCode;
use common::*;
use ocp_emulator::fleet::Fleet;
use ocp_emulator::rate_limit::RateLimit;
use ocp_model::health::{check_cluster, ClusterFacts};
use ocp_model::{
    BackupInfo, BackupStrategy, Cluster, ClusterType, DataBackupTask, LogBackupTask, Overview,
    Paged, StampTime, Tenant,
};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

fn fleet_emu(spec: &str) -> (Emu, Duration) {
    let started = Instant::now();
    let e = emu_opts(
        origin(),
        ocp_emulator::Options {
            fleet: Some(Fleet::parse(spec).unwrap()),
            ..ocp_emulator::Options::default()
        },
    );
    (e, started.elapsed())
}

fn page_info(p: &Paged<impl Sized>) -> (u64, u64, u64, u64) {
    let i = p.page.as_ref().expect("a paged answer");
    (i.total_elements, i.total_pages, i.number, i.size)
}

/// Health as the console judges it: on the cluster list (`src/pages/clusters.rs`: the
/// overview, the strategy, the newest log round and the five latest data backups, at the
/// server's now), and with `windows` as the cluster's page does (`src/pages/overview.rs`: the
/// recoverable windows of the last seven days and the tenants without one, too). The keys of
/// the findings.
async fn health(e: &Emu, c: &Cluster, now_us: i64, windows: bool) -> Vec<&'static str> {
    let b = |rest: &str| format!("/api/v2/ob/clusters/{}/backup/{rest}", c.id);
    let overview: Overview = e.ok(&b("overview")).await.decode();
    let strategy: Option<BackupStrategy> =
        serde_json::from_value(e.ok(&b("config/backupStrategy")).await.data()).unwrap();
    let log: Paged<LogBackupTask> = e.ok(&b("task/logBackupTasks?page=1&size=1")).await.decode();
    let data: Paged<DataBackupTask> = e
        .ok(&b("task/dataBackupTasks?page=1&size=5"))
        .await
        .decode();
    let info: Option<BackupInfo> = match windows {
        true => Some(e.ok(&b("info")).await.decode()),
        false => None,
    };
    let merged = info
        .as_ref()
        .map(|i| i.ob_recoverable_info_aggregation.recoverable_windows());
    let without = info
        .as_ref()
        .map(|i| i.tenants_without_window())
        .unwrap_or_default();
    check_cluster(&ClusterFacts {
        now_us,
        cluster_type: c.cluster_type.as_ref(),
        overview: &overview,
        strategy: strategy.as_ref(),
        log_task: log.contents.first(),
        data_tasks: &data.contents,
        windows: merged
            .as_ref()
            .map(|w| (w, now_us - 7 * 86_400_000_000, now_us)),
        tenants_without_window: &without,
    })
    .iter()
    .map(|f| f.key())
    .collect()
}

#[tokio::test]
async fn a_fleet_of_500_clusters_of_30_tenants_pages_sorts_filters_and_varies_in_health() {
    let (e, seeded) = fleet_emu("500x30");
    eprintln!("seeding 500x30 took {seeded:?}");
    // Generous (a debug build on a shared machine): it takes about a second.
    assert!(seeded < Duration::from_secs(30), "{seeded:?}");

    // Three pages of 200, sorted by name.
    let mut names = Vec::new();
    let mut all: Vec<Cluster> = Vec::new();
    for page in 1..=3u64 {
        let p: Paged<Cluster> = e
            .ok(&format!(
                "/api/v2/ob/clusters?page={page}&size=200&sort=name,asc"
            ))
            .await
            .decode();
        assert_eq!(page_info(&p), (500, 3, page, 200));
        assert_eq!(p.contents.len(), if page < 3 { 200 } else { 100 });
        names.extend(p.contents.iter().map(|c| c.name.clone()));
        all.extend(p.contents);
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sort=name,asc across pages");
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), 500, "names are unique");
    // A page past the end is empty, with the same totals.
    let p: Paged<Cluster> = e.ok("/api/v2/ob/clusters?page=4&size=200").await.decode();
    assert_eq!(page_info(&p), (500, 3, 4, 200));
    assert!(p.contents.is_empty());
    // One page of up to 2000: all of them, in id order by default.
    let one: Paged<Cluster> = e.ok("/api/v2/ob/clusters?size=2000").await.decode();
    assert_eq!(page_info(&one), (500, 1, 1, 2000));
    let ids: Vec<i64> = one.contents.iter().map(|c| c.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!((ids[0], ids[499]), (1_000_001, 1_000_500));
    // The demo's clusters come first, as they are.
    assert_eq!(one.contents[0].name, "ob-prod-hz");
    assert_eq!(one.contents[5].name, "ob-test-sh");
    assert_eq!(one.contents[6].name, "ob-prod-bj-0007");
    // A name filter, with paging and sorting.
    let want: Vec<&String> = names.iter().filter(|n| n.contains("bj-01")).collect();
    let p: Paged<Cluster> = e
        .ok("/api/v2/ob/clusters?name=BJ-01&size=5&sort=name,desc")
        .await
        .decode();
    assert_eq!(p.page.as_ref().unwrap().total_elements, want.len() as u64);
    let got: Vec<&String> = p.contents.iter().map(|c| &c.name).collect();
    let mut desc = want.clone();
    desc.reverse();
    assert_eq!(got, desc[..5].to_vec());

    // The mix: versions and roles from the list, health from the console's rules.
    let ob4 = |c: &Cluster| c.ob_version.as_deref().is_some_and(|v| v.starts_with('4'));
    assert!(all
        .iter()
        .any(|c| c.cluster_type == Some(ClusterType::Standby)));
    assert!(all.iter().any(|c| !ob4(c)), "a cluster before OB 4");
    assert!(all
        .iter()
        .any(|c| c.ob_version.as_deref() == Some("2.2.77")));
    assert!(all
        .iter()
        .any(|c| c.ob_version.as_deref().is_some_and(|v| v.starts_with('3'))));
    let now: StampTime = e.ok("/api/v2/time").await.decode();
    let now_us = now.timestamp_micros();
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut healthy = 0;
    let started = Instant::now();
    for c in &one.contents {
        let findings = health(&e, c, now_us, false).await;
        if findings.is_empty() {
            healthy += 1;
            // Healthy on the list, healthy on its page (windows and tenants included): a
            // sample, the backup info of 30 tenants being the widest answer.
            if c.id % 7 == 0 {
                let on_page = health(&e, c, now_us, true).await;
                assert!(on_page.is_empty(), "{}: {on_page:?}", c.name);
            }
        }
        for k in findings {
            *kinds.entry(k).or_default() += 1;
        }
    }
    eprintln!(
        "health of 500 clusters read in {:?}: {healthy} healthy, {kinds:?}",
        started.elapsed()
    );
    assert!(healthy * 10 >= 500 * 6, "most are healthy: {healthy}");
    for k in [
        "latest-data-backup-failed",
        "schedule-paused",
        "no-strategy",
        "standby-no-own-backups",
    ] {
        assert!(kinds.get(k).is_some_and(|n| *n >= 5), "{k}: {kinds:?}");
    }
    // Nothing else is wrong with them: no stopped archive, no RPO over its threshold.
    for k in ["log-archiving-stopped", "rpo-over-threshold"] {
        assert!(!kinds.contains_key(k), "{k}: {kinds:?}");
    }

    // An OB 4.x fleet cluster has 30 tenants, listed whole or in pages, sorted, filtered.
    let c = one
        .contents
        .iter()
        .find(|c| c.id > 1_000_006 && ob4(c) && c.cluster_type == Some(ClusterType::Primary))
        .unwrap();
    assert_eq!(c.tenant_count, Some(30));
    let path = format!("/api/v2/ob/clusters/{}/tenants", c.id);
    let whole: Paged<Tenant> = e.ok(&format!("{path}?size=2000")).await.decode();
    assert_eq!(page_info(&whole), (30, 1, 1, 2000));
    assert_eq!(whole.contents.len(), 30);
    let tenant_names: BTreeSet<&str> = whole.contents.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tenant_names.len(), 30, "tenant names are unique");
    assert!(whole.contents.iter().all(|t| t.cluster_id == Some(c.id)
        && t.id > 1_000_000_000
        && t.name
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_lowercase())
        && t.name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')));
    let mut by_page = Vec::new();
    for page in 1..=3u64 {
        let p: Paged<Tenant> = e
            .ok(&format!("{path}?page={page}&size=10&sort=name,asc"))
            .await
            .decode();
        assert_eq!(page_info(&p), (30, 3, page, 10));
        by_page.extend(p.contents.into_iter().map(|t| t.name));
    }
    let mut want: Vec<String> = tenant_names.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(by_page, want);
    let first = &want[0];
    let p: Paged<Tenant> = e
        .ok(&format!("{path}?name={}", first.to_uppercase()))
        .await
        .decode();
    assert!(p.contents.iter().any(|t| &t.name == first));
    assert!(p.contents.iter().all(|t| t.name.contains(first.as_str())));
    // One tenant reads the same as its row.
    let t = &whole.contents[17];
    let one_tenant: Tenant = e.ok(&format!("{path}/{}", t.id)).await.decode();
    assert_eq!(&one_tenant, t);
    // The demo's OB 4.x clusters are topped up to 30 as well; the older ones keep theirs.
    let bj: Cluster = e.ok("/api/v2/ob/clusters/1000003").await.decode();
    assert_eq!(bj.tenant_count, Some(30));
    let hz: Cluster = e.ok("/api/v2/ob/clusters/1000001").await.decode();
    assert_eq!(hz.tenant_count, Some(3));
}

#[tokio::test]
async fn a_fleet_without_tenants_keeps_the_demos_counts() {
    let (e, seeded) = fleet_emu("200");
    eprintln!("seeding 200 took {seeded:?}");
    let all: Paged<Cluster> = e.ok("/api/v2/ob/clusters?size=2000").await.decode();
    assert_eq!(page_info(&all), (200, 1, 1, 2000));
    // Each repeats a demo cluster: the same tenant count as its kind.
    let demo: BTreeMap<String, Option<u32>> = all.contents[..6]
        .iter()
        .map(|c| (c.name.clone(), c.tenant_count))
        .collect();
    for c in &all.contents[6..] {
        let kind = c.name.rsplit_once('-').unwrap().0;
        let want = match kind {
            // The demo's test cluster also has a tenant being created and a restored one.
            "ob-test-sh" => Some(1),
            k => demo[k],
        };
        assert_eq!(c.tenant_count, want, "{}", c.name);
    }
}

#[tokio::test]
async fn an_existing_database_ignores_the_fleet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("emu.sqlite");
    let open = |fleet: Option<&str>| {
        ocp_emulator::App::open_with(
            &db,
            &ocp_emulator::Options {
                fleet: fleet.map(|f| Fleet::parse(f).unwrap()),
                ..ocp_emulator::Options::default()
            },
            PASSWORD.to_owned(),
            "127.0.0.1".to_owned(),
            origin(),
        )
        .unwrap()
    };
    let first = open(Some("40x3"));
    assert!(first.seeded);
    assert_eq!(first.store.clusters().unwrap().len(), 40);
    drop(first);
    let again = open(Some("300x30"));
    assert!(!again.seeded);
    assert_eq!(again.store.clusters().unwrap().len(), 40);
}

// ---------------------------------------------------------------- rate limit

fn limited(spec: &str) -> Emu {
    emu_opts(
        origin(),
        ocp_emulator::Options {
            rate_limit: Some(RateLimit::parse(spec).unwrap()),
            ..ocp_emulator::Options::default()
        },
    )
}

fn header(r: &Reply, name: &str) -> Option<u64> {
    r.headers
        .get(name)
        .map(|v| v.to_str().unwrap().parse().unwrap())
}

#[tokio::test]
async fn past_the_limit_a_user_gets_429_with_code_0_and_ratelimit_headers() {
    let e = limited("5/60");
    let admin = basic("admin", PASSWORD);
    let get = |lang: &'static str| {
        let admin = admin.clone();
        let e = &e;
        async move {
            e.request(
                "GET",
                "/api/v2/ob/clusters",
                &[("authorization", &admin), ("accept-language", lang)],
            )
            .await
        }
    };
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let r = get("en-US").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(header(&r, "ratelimit-limit"), Some(5));
        let reset = header(&r, "ratelimit-reset").unwrap();
        assert!((1..=60).contains(&reset), "{reset}");
        remaining.push(header(&r, "ratelimit-remaining").unwrap());
    }
    assert_eq!(remaining, [4, 3, 2, 1, 0]);
    let r = get("en-US").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let j = r.json();
    assert_eq!(j["successful"], false);
    assert_eq!(j["status"], 429);
    assert_eq!(j["error"]["code"], 0, "{}", r.body);
    assert!(j["error"]["code"].is_number());
    let message = j["error"]["message"].as_str().unwrap();
    assert!(message.contains("rate is limited"), "{message}");
    assert_eq!(header(&r, "ratelimit-limit"), Some(5));
    assert_eq!(header(&r, "ratelimit-remaining"), Some(0));
    let reset = header(&r, "ratelimit-reset").unwrap();
    assert!((1..=60).contains(&reset), "{reset}");
    assert_eq!(header(&r, "retry-after"), Some(reset));
    assert_eq!(r.headers["ratelimit-policy"].to_str().unwrap(), "5;w=60");
    // In the request's language, as every error.
    let r = get("zh-CN").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("请求频率受限"), "{message}");
    // Another user has a window of their own (and is told about it even when refused).
    let r = e
        .request(
            "GET",
            "/api/v2/ob/clusters",
            &[("authorization", &basic("ops", "wrong"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(header(&r, "ratelimit-remaining"), Some(4));
    // So does a client without credentials (by its address).
    let r = e.request("GET", "/api/v2/time", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(header(&r, "ratelimit-remaining"), Some(4));
    // Not throttled: the OpenAPI document, the emulator's own paths, the console.
    for path in [
        "/api-docs/openapi.json",
        "/__emulator/faults",
        "/",
        "/clusters",
    ] {
        let r = e.request("GET", path, &[("authorization", &admin)]).await;
        assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(r.headers.get("ratelimit-limit").is_none(), "{path}");
    }
}

#[tokio::test]
async fn the_window_is_fixed_in_real_time_and_opens_again() {
    let e = limited("5/2");
    for want in [4, 3, 2, 1, 0] {
        let r = e.get("/api/v2/time").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(header(&r, "ratelimit-remaining"), Some(want));
    }
    let r = e.get("/api/v2/time").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let reset = header(&r, "ratelimit-reset").unwrap();
    assert!(reset <= 2, "{reset}");
    // The emulated clock (frozen here) has nothing to do with it: real time does.
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let r = e.get("/api/v2/time").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(header(&r, "ratelimit-remaining"), Some(4));
    assert_eq!(header(&r, "ratelimit-reset"), Some(2));
}

#[tokio::test]
async fn without_the_flag_there_is_no_limit_and_no_header() {
    let e = emu();
    for _ in 0..50 {
        let r = e.get("/api/v2/time").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers.get("ratelimit-limit").is_none());
    }
}
