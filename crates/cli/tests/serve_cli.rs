//! `uitkijk serve` end to end, on the real binary listening on a free port: a store holding
//! a whole COSPAR launch (1982-092, COSMOS 1408 and its 2021 ASAT debris, from the bundled
//! 2022-01-22 catalog) and the ISS/CSS neighbourhood with a real screening run, some objects
//! made `national` and some `partner`, tokens of each tier. Checked:
//! - the tier-leak walk: every path of the OpenAPI document, as public- and partner-tier
//!   callers, with the ids, names and COSPARs of restricted objects and the ids of events
//!   involving them: nothing above the tier comes back, restricted ids answer 404 like
//!   absent ones; the national token sees them; the audit log holds the restricted reads and
//!   the writes and only admins read it; a revoked token gets 401 at once;
//! - the contract: every response's status is declared in the OpenAPI document and its
//!   JSON body validates against the declared schema (jsonschema, `$ref`s resolved);
//! - bad requests of every kind answer 4xx JSON errors, never 500, and the server lives on;
//! - the state endpoint against python-sgp4 (`data/serve/state_reference.csv`, 1 mm);
//! - the same walk on PostgreSQL.

#[path = "../../store/tests/support/pg.rs"]
mod pg;
#[path = "support/run.rs"]
mod run;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use run::uitkijk;
use serde_json::Value;
use uitkijk_store::{Access, EventOrder, EventQuery, ObjectQuery, Tier};

const CATALOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
);
const ISS_CSS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/screen/iss_css_neighbourhood.3le"
);
const STATE_REF: &str = include_str!("data/serve/state_reference.csv");
/// COSMOS 1408's launch: the satellite and the debris of its destruction on 2021-11-15.
const LAUNCH: &str = "1982-092";

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("uitkijk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The running server; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(url: &str, dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uitkijk"))
        .args(["serve", "--db", url, "--bind", "127.0.0.1:0", "--pool", "4"])
        .arg("--web-dir")
        .arg(dir.join("no-ui"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("uitkijk serve starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // Keep draining stderr so that the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("listening on ") {
                let _ = tx.send(addr.to_string());
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server prints `listening on http://ADDR`");
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(!base.ends_with(":0"), "the real port is printed: {base}");
    Server { child, base }
}

/// One answer, as recorded for the contract check.
#[derive(Debug, Clone)]
struct Resp {
    method: String,
    template: String,
    status: u16,
    ctype: String,
    body: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} {}: not JSON ({e}): {}",
                self.method, self.template, self.body
            )
        })
    }
}

/// An HTTP client that records every answer with the OpenAPI path it exercised.
struct Client {
    agent: ureq::Agent,
    base: String,
    seen: std::cell::RefCell<Vec<Resp>>,
}

impl Client {
    fn new(base: &str) -> Client {
        // No pooled connections: a connection the server closed after an error answer
        // (hyper does, when a body was left unread) must not be reused by the next request.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_connections(0)
            .build()
            .into();
        Client {
            agent,
            base: format!("{base}/api/v1"),
            seen: Default::default(),
        }
    }

    /// `method` on `path` (after `/api/v1`), `template` being its OpenAPI path.
    fn call(
        &self,
        method: &str,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
    ) -> Resp {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let result = match body {
            Some((ct, bytes)) => self
                .agent
                .run(req.header("Content-Type", ct).body(bytes).unwrap()),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut res = result.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let ctype = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let status = res.status().as_u16();
        let body = res
            .body_mut()
            .with_config()
            .limit(256 << 20)
            .read_to_string()
            .unwrap();
        assert!(status < 500, "{method} {path}: {status} {body}");
        let r = Resp {
            method: method.to_ascii_lowercase(),
            template: template.into(),
            status,
            ctype,
            body,
        };
        self.seen.borrow_mut().push(r.clone());
        r
    }

    fn get(&self, template: &str, path: &str, token: Option<&str>) -> Resp {
        self.call("GET", template, path, token, None)
    }
}

/// Tokens of each kind, and what the store holds (read as the local admin).
struct Fixture {
    url: String,
    admin: String,
    analyst_partner: String,
    partner_partner: String,
    partner_public: String,
    /// Every object: id → (tier, cospar, name).
    objects: BTreeMap<u32, (Tier, Option<String>, Option<String>)>,
    /// Every event: id → (primary, secondary).
    events: BTreeMap<i64, (u32, u32)>,
    /// Objects made national / partner by the test.
    national: Vec<u32>,
    partner: Vec<u32>,
    launch_size: usize,
}

impl Fixture {
    fn hidden_ids(&self, tier: Tier) -> BTreeSet<u32> {
        self.objects
            .iter()
            .filter(|(_, o)| o.0 > tier)
            .map(|(id, _)| *id)
            .collect()
    }

    fn hidden_events(&self, tier: Tier) -> BTreeSet<i64> {
        let hidden = self.hidden_ids(tier);
        self.events
            .iter()
            .filter(|(_, (p, s))| hidden.contains(p) || hidden.contains(s))
            .map(|(id, _)| *id)
            .collect()
    }
}

fn issue(url: &str, name: &str, role: &str, tier: &str, partner: Option<&str>) -> String {
    let mut args = vec![
        "token", "issue", "--db", url, "--name", name, "--role", role, "--tier", tier,
    ];
    if let Some(p) = partner {
        args.extend(["--partner", p]);
    }
    let (code, out, err) = uitkijk(&args);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "the secret alone on stdout: {out:?}");
    lines[0].to_string()
}

/// Ingests the launch and the ISS/CSS neighbourhood, screens the neighbourhood, sets tiers,
/// issues tokens.
fn setup(url: &str, dir: &std::path::Path) -> Fixture {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(CATALOG).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut launch = String::new();
    for w in lines.windows(3) {
        // TLE line 1 columns 10-17: the designator, `82092A  ` for 1982-092A.
        if w[0].starts_with("0 ") && w[1].starts_with("1 ") && w[1].get(9..14) == Some("82092") {
            launch.push_str(&format!("{}\n{}\n{}\n", w[0], w[1], w[2]));
        }
    }
    let launch_size = launch.lines().count() / 3;
    assert!(launch_size > 1000, "{launch_size}");
    let launch_file = dir.join("launch-1982-092.3le");
    std::fs::write(&launch_file, &launch).unwrap();
    let (code, _, err) = uitkijk(&[
        "ingest",
        "--db",
        url,
        launch_file.to_str().unwrap(),
        ISS_CSS,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = uitkijk(&[
        "screen",
        ISS_CSS,
        "--start",
        "2022-01-22T12:00:00Z",
        "--days",
        "0.5",
        "--threshold-km",
        "50",
        "--db",
        url,
    ]);
    assert_eq!(code, 0, "{err}");

    let admin = Access::local_cli();
    let mut store = uitkijk_store::open(url).unwrap();
    let q = EventQuery {
        order: EventOrder::Pc,
        descending: true,
        ..EventQuery::default()
    };
    let evs = store.events(&admin, &q).unwrap();
    assert!(evs.len() > 20, "{}", evs.len());
    let keep_public = [25544, 48274, 13552];
    // A national object from the top event, a partner one from an event not involving it.
    let pick = |e: &uitkijk_store::EventRow| {
        [e.secondary_id, e.primary_id]
            .into_iter()
            .find(|i| !keep_public.contains(i))
    };
    let n1 = evs.iter().find_map(pick).unwrap();
    let p1 = evs
        .iter()
        .filter(|e| e.primary_id != n1 && e.secondary_id != n1)
        .find_map(pick)
        .unwrap();
    let debris: Vec<u32> = store
        .objects(
            &admin,
            &ObjectQuery {
                cospar_prefix: Some(LAUNCH.into()),
                ..ObjectQuery::default()
            },
        )
        .unwrap()
        .iter()
        .map(|o| o.norad_id)
        .filter(|i| *i != 13552)
        .collect();
    let national = vec![n1, debris[0], debris[1]];
    let partner = vec![p1, debris[2], debris[3]];
    for (ids, tier) in [(&national, "national"), (&partner, "partner")] {
        let list: Vec<String> = ids.iter().map(u32::to_string).collect();
        let (code, _, err) = uitkijk(&[
            "tier",
            "--db",
            url,
            "--ids",
            &list.join(","),
            "--tier",
            tier,
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let objects = store
        .objects(&admin, &ObjectQuery::default())
        .unwrap()
        .into_iter()
        .map(|o| (o.norad_id, (o.tier, o.cospar, o.name)))
        .collect();
    let events = store
        .events(&admin, &EventQuery::default())
        .unwrap()
        .into_iter()
        .map(|e| (e.id, (e.primary_id, e.secondary_id)))
        .collect();
    Fixture {
        url: url.into(),
        admin: issue(url, "ops", "admin", "national", None),
        analyst_partner: issue(url, "eu-analyst", "analyst", "partner", None),
        partner_partner: issue(url, "eusst", "partner", "partner", Some("EU SST")),
        partner_public: issue(url, "public-viewer", "partner", "public", Some("Public")),
        objects,
        events,
        national,
        partner,
        launch_size,
    }
}

/// Fails when `r` reveals any of `hidden` objects or `hidden_events`: ids in the id fields,
/// COSPAR designators anywhere (JSON or text), catalog numbers in TLE lines.
fn assert_no_leak(r: &Resp, fx: &Fixture, tier: Tier) {
    let hidden = fx.hidden_ids(tier);
    let hidden_events = fx.hidden_events(tier);
    let what = format!("{} {} as {}", r.method, r.template, tier.as_str());
    for id in &hidden {
        if let Some((_, Some(cospar), _)) = fx.objects.get(id) {
            // The whole designator, not a prefix of another (1982-092B of 1982-092BA).
            let whole = r.body.match_indices(cospar.as_str()).any(|(i, _)| {
                !r.body[i + cospar.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            });
            assert!(
                !whole,
                "{what}: COSPAR {cospar} leaks: {}",
                &r.body[..r.body.len().min(300)]
            );
        }
        let tle = format!("\n1 {id:05}");
        assert!(!r.body.contains(&tle), "{what}: TLE of {id} leaks");
    }
    if !r.ctype.starts_with("application/json") {
        return;
    }
    type Visit<'a> = dyn FnMut(&str, &Value, &serde_json::Map<String, Value>) + 'a;
    fn walk(v: &Value, f: &mut Visit) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, f)),
            Value::Object(m) => {
                for (k, x) in m {
                    f(k, x, m);
                    walk(x, f);
                }
            }
            _ => {}
        }
    }
    let body = r.json();
    walk(&body, &mut |k, v, m| {
        let as_id = |v: &Value| v.as_u64().map(|n| n as u32);
        match k {
            "NORAD_CAT_ID" | "primary_id" | "secondary_id" => {
                let id = as_id(v).unwrap();
                assert!(!hidden.contains(&id), "{what}: object {id} leaks in {k}");
            }
            "failed" => {
                for x in v.as_array().unwrap() {
                    assert!(
                        !hidden.contains(&as_id(x).unwrap()),
                        "{what}: failed list leaks"
                    );
                }
            }
            "id" if m.contains_key("primary_id") => {
                let id = v.as_i64().unwrap();
                assert!(!hidden_events.contains(&id), "{what}: event {id} leaks");
            }
            _ => {}
        }
    });
}

fn assert_404_like_absent(c: &Client, template: &str, path: &str, absent: &str, token: &str) {
    let r = c.get(template, path, Some(token));
    let a = c.get(template, absent, Some(token));
    assert_eq!(
        (r.status, a.status),
        (404, 404),
        "{path}: {} / {absent}: {}",
        r.body,
        a.body
    );
    let (rj, aj) = (r.json(), a.json());
    assert_eq!(rj["error"], aj["error"]);
    // The detail names the id asked for, nothing else: the same sentence for both.
    let strip = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    assert_eq!(
        strip(rj["detail"].as_str().unwrap()),
        strip(aj["detail"].as_str().unwrap()),
        "{path} vs {absent}"
    );
}

/// Every endpoint as a caller of `tier`: nothing above it comes back.
fn walk_as(c: &Client, fx: &Fixture, token: &str, tier: Tier, role: &str) {
    let hidden = fx.hidden_ids(tier);
    let hidden_events = fx.hidden_events(tier);
    let visible_objects = fx.objects.len() - hidden.len();
    let visible_events = fx.events.len() - hidden_events.len();
    assert!(!hidden.is_empty() && !hidden_events.is_empty());
    let t = Some(token);
    let check = |r: Resp| {
        assert_no_leak(&r, fx, tier);
        r
    };

    let r = check(c.get("/api/v1/whoami", "/whoami", t));
    assert_eq!(r.json()["max_tier"], tier.as_str());
    assert_eq!(r.json()["role"], role);
    let r = check(c.get("/api/v1/counts", "/counts", t));
    assert_eq!(r.json()["objects"], visible_objects as i64);
    assert_eq!(r.json()["events"], visible_events as i64);

    // Searches by the restricted objects' ids, names, COSPARs, types, every order.
    let some_public: Vec<u32> = fx
        .objects
        .iter()
        .filter(|(_, o)| o.0 == Tier::Public)
        .map(|(i, _)| *i)
        .take(3)
        .collect();
    let ids: Vec<String> = hidden
        .iter()
        .chain(&some_public)
        .map(u32::to_string)
        .collect();
    let r = check(c.get(
        "/api/v1/objects",
        &format!("/objects?ids={}", ids.join(",")),
        t,
    ));
    assert_eq!(r.json().as_array().unwrap().len(), some_public.len());
    for id in &hidden {
        let (_, cospar, name) = &fx.objects[id];
        if let Some(n) = name {
            let q = n
                .replace(' ', "%20")
                .replace('(', "%28")
                .replace(')', "%29");
            check(c.get(
                "/api/v1/objects",
                &format!("/objects?name={q}&limit=50000"),
                t,
            ));
        }
        if let Some(cp) = cospar {
            let r = check(c.get(
                "/api/v1/objects",
                &format!("/objects?cospar={cp}&limit=50000"),
                t,
            ));
            assert!(
                r.json()
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|o| o["OBJECT_ID"] != cp.as_str()),
                "{cp}"
            );
        }
        let absent = "/objects/999999999";
        assert_404_like_absent(
            c,
            "/api/v1/objects/{id}",
            &format!("/objects/{id}"),
            absent,
            token,
        );
        for f in ["json", "csv", "tle", "3le", "kvn", "xml"] {
            assert_404_like_absent(
                c,
                "/api/v1/objects/{id}/elements",
                &format!("/objects/{id}/elements?format={f}"),
                &format!("{absent}/elements?format={f}"),
                token,
            );
        }
        assert_404_like_absent(
            c,
            "/api/v1/objects/{id}/state",
            &format!("/objects/{id}/state"),
            &format!("{absent}/state"),
            token,
        );
        assert_404_like_absent(
            c,
            "/api/v1/objects/{id}/trajectory",
            &format!(
                "/objects/{id}/trajectory?start=2022-01-22T12:00:00Z&end=2022-01-22T13:00:00Z"
            ),
            &format!("{absent}/trajectory?start=2022-01-22T12:00:00Z&end=2022-01-22T13:00:00Z"),
            token,
        );
        let r = check(c.get("/api/v1/events", &format!("/events?asset={id}"), t));
        assert_eq!(r.json(), Value::Array(vec![]));
    }
    let r = check(c.get(
        "/api/v1/objects",
        &format!("/objects?cospar={LAUNCH}&limit=50000"),
        t,
    ));
    let in_launch_hidden = hidden
        .iter()
        .filter(|i| {
            fx.objects[i]
                .1
                .as_deref()
                .is_some_and(|c| c.starts_with(LAUNCH))
        })
        .count();
    assert_eq!(
        r.json().as_array().unwrap().len(),
        fx.launch_size - in_launch_hidden
    );
    for order in ["NORAD_CAT_ID", "-OBJECT_NAME", "-EPOCH", "EPOCH"] {
        let r = check(c.get(
            "/api/v1/objects",
            &format!("/objects?orderby={order}&limit=50000"),
            t,
        ));
        assert_eq!(
            r.json().as_array().unwrap().len(),
            visible_objects,
            "{order}"
        );
    }
    for ty in ["DEBRIS", "PAYLOAD", "ROCKET%20BODY", "UNKNOWN"] {
        check(c.get(
            "/api/v1/objects",
            &format!("/objects?type={ty}&limit=50000"),
            t,
        ));
    }
    for f in ["json", "3le", "xml", "kvn", "csv", "tle"] {
        let r = check(c.get(
            "/api/v1/elements/latest",
            &format!("/elements/latest?ids={}&format={f}", ids.join(",")),
            t,
        ));
        assert_eq!(r.status, 200);
        if f == "json" {
            assert_eq!(r.json().as_array().unwrap().len(), some_public.len());
        }
    }
    for frame in ["itrf", "geodetic", "teme"] {
        let r = check(c.get(
            "/api/v1/states",
            &format!("/states?at=2022-01-22T12:00:00Z&frame={frame}"),
            t,
        ));
        let j = r.json();
        let n = j["objects"].as_array().unwrap().len() + j["failed"].as_array().unwrap().len();
        assert_eq!(n, visible_objects, "{frame}");
    }

    // Events: the visible ones exactly, whatever the filter; the others 404 like absent ones.
    let r = check(c.get("/api/v1/events", "/events?limit=10000", t));
    let got: BTreeSet<i64> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    let want: BTreeSet<i64> = fx
        .events
        .keys()
        .filter(|i| !hidden_events.contains(i))
        .copied()
        .collect();
    assert_eq!(got, want);
    for q in [
        "orderby=tca",
        "orderby=-miss_km",
        "min_pc=1e-12",
        "max_miss_km=20",
        "status=open",
        "asset=25544",
        "from=2022-01-22T15:00:00Z&to=2022-01-22T20:00:00Z",
    ] {
        check(c.get("/api/v1/events", &format!("/events?{q}&limit=10000"), t));
    }
    let absent = "/events/999999999";
    for e in hidden_events.iter().take(5) {
        assert_404_like_absent(
            c,
            "/api/v1/events/{id}",
            &format!("/events/{e}"),
            absent,
            token,
        );
        for f in ["kvn", "xml"] {
            assert_404_like_absent(
                c,
                "/api/v1/events/{id}/cdm",
                &format!("/events/{e}/cdm?format={f}"),
                &format!("{absent}/cdm?format={f}"),
                token,
            );
        }
        let body = br#"{"status":"acknowledged","note":"walk"}"#.to_vec();
        let r = c.call(
            "POST",
            "/api/v1/events/{id}/status",
            &format!("/events/{e}/status"),
            t,
            Some(("application/json", body)),
        );
        // A reader may not write at all (403 says nothing about the event); a writer of a
        // lower tier gets the answer an absent event gets.
        assert_eq!(
            r.status,
            if role == "partner" { 403 } else { 404 },
            "{}",
            r.body
        );
    }
    let seen = *want.iter().next().unwrap();
    let r = check(c.get("/api/v1/events/{id}", &format!("/events/{seen}"), t));
    assert_eq!(r.status, 200);
    assert!(r.json()["has_cdm"].as_bool().unwrap());
    for f in ["kvn", "xml"] {
        let r = check(c.get(
            "/api/v1/events/{id}/cdm",
            &format!("/events/{seen}/cdm?format={f}"),
            t,
        ));
        assert_eq!(r.status, 200);
    }
    let r = check(c.get("/api/v1/runs", "/runs", t));
    let run = &r.json()[0];
    assert_eq!(run["events"], visible_events as i64);
    assert_eq!(
        run["objects"],
        Value::Null,
        "the number screened would reveal restricted objects"
    );
    let tle = format!("{}\n", ISS_TLE.trim());
    let r = c.call(
        "POST",
        "/api/v1/ingest",
        "/ingest?source=walk",
        t,
        Some(("text/plain", tle.into_bytes())),
    );
    assert_eq!(
        r.status, 403,
        "below national, ingest would reveal what is held: {}",
        r.body
    );
    let r = c.get("/api/v1/audit", "/audit", t);
    assert_eq!(r.status, 403);
}

/// The ISS's set in `iss_css_neighbourhood.3le` (and in the bundled catalog).
const ISS_TLE: &str = "0 ISS (ZARYA)
1 25544U 98067A   22022.91470718  .00005958  00000-0  11386-3 0  9994
2 25544  51.6445 336.0056 0006830  51.7508  17.5213 15.49594026322655";

/// The national admin sees the restricted data; its reads and the writes are audited.
fn walk_national(c: &Client, fx: &Fixture) {
    let t = Some(fx.admin.as_str());
    let n1 = fx.national[0];
    let r = c.get("/api/v1/counts", "/counts", t);
    assert_eq!(r.json()["objects"], fx.objects.len() as i64);
    assert_eq!(r.json()["events"], fx.events.len() as i64);
    let r = c.get("/api/v1/objects/{id}", &format!("/objects/{n1}"), t);
    assert_eq!(
        (r.status, r.json()["TIER"].as_str()),
        (200, Some("national"))
    );
    let r = c.get("/api/v1/events", &format!("/events?asset={n1}"), t);
    let evs = r.json();
    assert!(!evs.as_array().unwrap().is_empty());
    let e = evs[0]["id"].as_i64().unwrap();
    let r = c.get("/api/v1/events/{id}", &format!("/events/{e}"), t);
    assert_eq!(r.status, 200);
    assert!(!r.json()["pc_history"].as_array().unwrap().is_empty());
    let r = c.get("/api/v1/events/{id}/cdm", &format!("/events/{e}/cdm"), t);
    assert!(r.body.contains("CCSDS_CDM_VERS"), "{}", r.body);
    let r = c.get(
        "/api/v1/events/{id}/cdm",
        &format!("/events/{e}/cdm?format=xml"),
        t,
    );
    assert!(
        r.ctype.starts_with("application/xml") && r.body.contains("<cdm"),
        "{}",
        r.body
    );
    let r = c.get("/api/v1/states", "/states?at=2022-01-22T12:00:00Z", t);
    let j = r.json();
    let all: HashSet<u64> = j["objects"]
        .as_array()
        .unwrap()
        .iter()
        .chain(j["failed"].as_array().unwrap())
        .map(|o| {
            o.get("NORAD_CAT_ID")
                .and_then(Value::as_u64)
                .or(o.as_u64())
                .unwrap()
        })
        .collect();
    assert!(all.contains(&u64::from(n1)));
    let r = c.get("/api/v1/runs", "/runs", t);
    assert_eq!(r.json()[0]["objects"], 50);

    // Writes: a status change and an ingest, by the admin.
    let body = br#"{"status":"acknowledged","note":"looked at it"}"#.to_vec();
    let r = c.call(
        "POST",
        "/api/v1/events/{id}/status",
        &format!("/events/{e}/status"),
        t,
        Some(("application/json", body)),
    );
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (200, Some("acknowledged"))
    );
    let r = c.call(
        "POST",
        "/api/v1/ingest",
        "/ingest?source=api-test",
        t,
        Some(("text/plain", ISS_TLE.as_bytes().to_vec())),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.json()["added"].as_u64(), r.json()["known"].as_u64()),
        (Some(0), Some(1))
    );
    let r = c.get("/api/v1/events", "/events?status=acknowledged", t);
    assert_eq!(r.json().as_array().unwrap().len(), 1);

    let r = c.get("/api/v1/audit", "/audit?limit=10000", t);
    assert_eq!(r.status, 200);
    let log = r.json();
    let entries = log.as_array().unwrap();
    let has = |actor: &str, action: &str, subject_part: &str| {
        entries.iter().any(|a| {
            a["actor"] == actor
                && a["action"] == action
                && a["subject"].as_str().unwrap().contains(subject_part)
        })
    };
    assert!(
        has("user:ops", "read", &format!("object {n1}")),
        "admin's restricted read"
    );
    assert!(
        has("user:ops", "read", "event"),
        "admin's restricted event read"
    );
    assert!(
        has("user:ops", "event-status", &format!("event {e}")),
        "status write"
    );
    assert!(has("user:ops", "ingest", "api-test"), "ingest write");
    let p1 = fx.partner[0];
    assert!(
        has("user:eusst", "read", &p1.to_string()),
        "partner-tier read of a partner object"
    );
    assert!(
        !entries
            .iter()
            .any(|a| a["actor"] == "user:public-viewer" && a["action"] == "read"),
        "a public-tier caller never reads restricted data"
    );
}

/// Every path and method of the OpenAPI document was called, and every answer keeps to it.
fn check_contract(c: &Client) {
    let doc = c.get("/api/v1/openapi.json", "/openapi.json", None).json();
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
    let seen = c.seen.borrow();
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            ops.insert((method.clone(), path.clone()));
        }
    }
    let called: BTreeSet<(String, String)> = seen
        .iter()
        .map(|r| (r.method.clone(), r.template.clone()))
        .collect();
    let missing: Vec<_> = ops.difference(&called).collect();
    assert!(
        missing.is_empty(),
        "operations the walk never called: {missing:?}"
    );
    let undeclared: Vec<_> = called.difference(&ops).collect();
    assert!(
        undeclared.is_empty(),
        "called but not in the document: {undeclared:?}"
    );

    let components = doc["components"].clone();
    let mut validators: BTreeMap<(String, String, u16), Option<jsonschema::Validator>> =
        BTreeMap::new();
    let mut checked = 0;
    for r in seen.iter() {
        let op = &doc["paths"][&r.template][&r.method];
        let declared = &op["responses"][r.status.to_string()];
        assert!(
            declared.is_object(),
            "{} {} answered {} which is not declared",
            r.method,
            r.template,
            r.status
        );
        if !r.ctype.starts_with("application/json") {
            continue;
        }
        let v = validators
            .entry((r.method.clone(), r.template.clone(), r.status))
            .or_insert_with(|| {
                let schema = &declared["content"]["application/json"]["schema"];
                if schema.is_null() {
                    return None;
                }
                let root = serde_json::json!({"allOf": [schema], "components": components});
                Some(jsonschema::validator_for(&root).expect("a valid schema"))
            });
        let v = v.as_ref().unwrap_or_else(|| {
            panic!(
                "{} {} {}: JSON answer without a JSON schema",
                r.method, r.template, r.status
            )
        });
        let body = r.json();
        if let Some(e) = v.iter_errors(&body).next() {
            panic!(
                "{} {} {}: body does not match its schema: {e}: {}",
                r.method,
                r.template,
                r.status,
                &r.body[..r.body.len().min(400)]
            );
        }
        if r.status >= 400 {
            assert!(body["error"].is_string() && body["detail"].is_string());
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

/// Bad requests of every kind: 4xx with a JSON error naming the parameter, never 500.
fn bad_requests(c: &Client, fx: &Fixture) {
    let t = Some(fx.admin.as_str());
    let cases: Vec<(&str, &str, String, u16, &str)> = vec![
        ("GET", "/api/v1/objects/{id}", "/objects/abc".into(), 400, "id"),
        ("GET", "/api/v1/objects/{id}", "/objects/-5".into(), 400, "id"),
        ("GET", "/api/v1/objects/{id}", "/objects/99999999999".into(), 400, "id"),
        ("GET", "/api/v1/objects", "/objects?ids=1,x".into(), 400, "ids"),
        ("GET", "/api/v1/objects", "/objects?limit=-1".into(), 400, "limit"),
        ("GET", "/api/v1/objects", "/objects?limit=0".into(), 400, "limit"),
        ("GET", "/api/v1/objects", "/objects?limit=50001".into(), 400, "limit"),
        ("GET", "/api/v1/objects", "/objects?offset=99999999999999999999999".into(), 400, "offset"),
        ("GET", "/api/v1/objects", "/objects?orderby=MASS".into(), 400, "orderby"),
        ("GET", "/api/v1/objects", "/objects?type=SPACESHIP".into(), 400, "type"),
        ("GET", "/api/v1/elements/latest", "/elements/latest".into(), 400, "ids"),
        ("GET", "/api/v1/elements/latest", "/elements/latest?ids=25544&format=pdf".into(), 400, "format"),
        ("GET", "/api/v1/objects/{id}/elements", "/objects/25544/elements?format=docx".into(), 400, "format"),
        ("GET", "/api/v1/objects/{id}/elements", "/objects/25544/elements?from=yesterday".into(), 400, "from"),
        ("GET", "/api/v1/objects/{id}/elements", "/objects/25544/elements?to=2022-13-45T00:00:00Z".into(), 400, "to"),
        ("GET", "/api/v1/objects/{id}/state", "/objects/25544/state?at=2022-01-22T25:00:00Z".into(), 400, "at"),
        ("GET", "/api/v1/objects/{id}/state", "/objects/25544/state?frame=j2000".into(), 400, "frame"),
        ("GET", "/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?start=2022-01-22T00:00:00Z&end=2022-02-05T00:00:00Z".into(), 400, "end"),
        ("GET", "/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?start=2022-01-22T00:00:00Z&end=2022-01-21T00:00:00Z".into(), 400, "end"),
        ("GET", "/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?step_s=0.5".into(), 400, "step_s"),
        ("GET", "/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?start=2022-01-22T00:00:00Z&end=2022-01-30T00:00:00Z&step_s=1".into(), 400, "step_s"),
        ("GET", "/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?step_s=NaN".into(), 400, "step_s"),
        ("GET", "/api/v1/states", "/states?limit=100000".into(), 400, "limit"),
        ("GET", "/api/v1/states", "/states?frame=ecef".into(), 400, "frame"),
        ("GET", "/api/v1/events", "/events?asset=ISS".into(), 400, "asset"),
        ("GET", "/api/v1/events", "/events?min_pc=abc".into(), 400, "min_pc"),
        ("GET", "/api/v1/events", "/events?min_pc=inf".into(), 400, "min_pc"),
        ("GET", "/api/v1/events", "/events?status=panic".into(), 400, "status"),
        ("GET", "/api/v1/events", "/events?orderby=danger".into(), 400, "orderby"),
        ("GET", "/api/v1/events", "/events?limit=10001".into(), 400, "limit"),
        ("GET", "/api/v1/events", "/events?from=2022-01-22T12:00:00+99:00".into(), 400, "from"),
        ("GET", "/api/v1/events/{id}", "/events/0".into(), 400, "id"),
        ("GET", "/api/v1/events/{id}", "/events/1.5".into(), 400, "id"),
        ("GET", "/api/v1/events/{id}/cdm", "/events/1/cdm?format=pdf".into(), 400, "format"),
        ("GET", "/api/v1/runs", "/runs?limit=-3".into(), 400, "limit"),
        ("GET", "/api/v1/audit", "/audit?limit=zero".into(), 400, "limit"),
    ];
    for (m, tpl, path, want, param) in &cases {
        let r = c.call(m, tpl, path, t, None);
        assert_eq!(r.status, *want, "{path}: {}", r.body);
        let d = r.json()["detail"].as_str().unwrap().to_string();
        assert!(
            d.contains(param),
            "{}: detail {d:?} does not name {param}",
            &path[..path.len().min(80)]
        );
    }
    // Bodies: bad JSON, wrong shape, wrong content type, bad status, not UTF-8, garbage.
    let post = |tpl: &str, path: &str, ct: &str, body: &[u8]| {
        c.call("POST", tpl, path, t, Some((ct, body.to_vec())))
    };
    let s = "/api/v1/events/{id}/status";
    let e = fx.events.keys().next().unwrap();
    let sp = format!("/events/{e}/status");
    assert_eq!(post(s, &sp, "application/json", b"{not json").status, 400);
    assert_eq!(
        post(s, &sp, "application/json", br#"{"note":"no status"}"#).status,
        422
    );
    assert_eq!(
        post(s, &sp, "text/plain", br#"{"status":"open"}"#).status,
        415
    );
    assert_eq!(
        post(s, &sp, "application/json", br#"{"status":"maybe"}"#).status,
        400
    );
    assert_eq!(
        post(
            s,
            "/events/abc/status",
            "application/json",
            br#"{"status":"open"}"#
        )
        .status,
        400
    );
    assert_eq!(
        post(
            "/api/v1/ingest",
            "/ingest",
            "text/plain",
            &[0xff, 0xfe, 0x00, 0x41]
        )
        .status,
        400
    );
    let r = post(
        "/api/v1/ingest",
        "/ingest",
        "text/plain",
        b"hello, this is not an element set",
    );
    assert!(r.status == 400 || r.status == 422, "{}", r.body);
    // Wrong methods, unknown paths.
    for (m, p) in [
        ("DELETE", "/objects"),
        ("PUT", "/events/1/status"),
        ("GET", "/ingest"),
        ("POST", "/health"),
    ] {
        let r = c.call(m, "-", p, t, None);
        assert_eq!(r.status, 405, "{m} {p}");
        assert!(r.json()["detail"].as_str().unwrap().contains(m));
    }
    let r = c.call("GET", "-", "/no/such/thing", t, None);
    assert_eq!(r.status, 404);
    // Tokens: missing, garbage, wrong scheme.
    let r = c.call("GET", "/api/v1/objects", "/objects", None, None);
    assert_eq!(r.status, 401);
    let r = c.call(
        "GET",
        "/api/v1/objects",
        "/objects",
        Some("uk_0000garbage"),
        None,
    );
    assert_eq!(r.status, 401);
    let mut req = ureq::http::Request::builder()
        .method("GET")
        .uri(format!("{}/objects", c.base));
    req = req.header("Authorization", "Basic b3BzOnNlY3JldA==");
    let res = c.agent.run(req.body(()).unwrap()).unwrap();
    assert_eq!(res.status().as_u16(), 401);
    c.seen.borrow_mut().retain(|r| r.template != "-");

    let addr = c
        .base
        .trim_start_matches("http://")
        .trim_end_matches("/api/v1")
        .to_string();
    // 60000 catalog numbers: a 349 kB request line, which hyper refuses (414, before any
    // handler; its answer has no body) — the URI limit of the http crate is 64 kB, so a
    // GET carries at most about 10000 ids. 10000 ids are answered.
    for (n, want) in [(60_000u32, "HTTP/1.1 414"), (10_000, "HTTP/1.1 200")] {
        let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        for path in ["objects", "elements/latest"] {
            let answer = raw(&addr, &format!(
                "GET /api/v1/{path}?ids={} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
                ids.join(","),
                fx.admin
            ), None);
            assert!(
                answer.starts_with(want),
                "{n} ids on {path}: {}",
                &answer[..answer.len().min(200)]
            );
        }
    }

    // A body above 64 MiB: refused from its Content-Length with 413, before it is read.
    let head = format!(
        "POST /api/v1/ingest HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        fx.admin,
        65 * 1024 * 1024
    );
    let big = vec![b'x'; 65 * 1024 * 1024];
    let answer = raw(&addr, &head, Some(&big));
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"error\""), "{answer}");

    // Still alive.
    let r = c.get("/api/v1/health", "/health", None);
    assert_eq!(r.status, 200);
}

/// One request written by hand on a fresh connection; the answer's head and body as text.
fn raw(addr: &str, head: &str, body: Option<&[u8]>) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    // The body is written while the answer is read: the server may answer (and stop
    // reading) before the whole body is sent.
    let writer = body.map(|b| {
        let mut w = s.try_clone().unwrap();
        let b = b.to_vec();
        std::thread::spawn(move || {
            let _ = w.write_all(&b);
        })
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 65536];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        // Without `Connection: close` (the 413 case) stop at the end of the JSON body.
        if body.is_some() && answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
            break;
        }
    }
    drop(s);
    if let Some(w) = writer {
        let _ = w.join();
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// SGP4 states against python-sgp4, 1 mm and 1 mm/s; GCRF and ITRF keep the radius.
fn states_against_python_sgp4(c: &Client, fx: &Fixture) {
    let t = Some(fx.admin.as_str());
    let mut worst = (0.0f64, 0.0f64);
    for line in STATE_REF.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let want: Vec<f64> = f[2..8].iter().map(|x| x.parse().unwrap()).collect();
        let r = c.get(
            "/api/v1/objects/{id}/state",
            &format!("/objects/{}/state?at={}&frame=teme", f[0], f[1]),
            t,
        );
        let j = r.json();
        assert_eq!(j["epoch"], f[1]);
        for k in 0..3 {
            let p = j["position_km"][k].as_f64().unwrap();
            let v = j["velocity_km_s"][k].as_f64().unwrap();
            worst.0 = worst.0.max((p - want[k]).abs());
            worst.1 = worst.1.max((v - want[3 + k]).abs());
        }
        let radius = (want[0].powi(2) + want[1].powi(2) + want[2].powi(2)).sqrt();
        for frame in ["gcrf", "itrf"] {
            let r = c.get(
                "/api/v1/objects/{id}/state",
                &format!("/objects/{}/state?at={}&frame={frame}", f[0], f[1]),
                t,
            );
            let p: Vec<f64> = r.json()["position_km"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            let rr = (p[0].powi(2) + p[1].powi(2) + p[2].powi(2)).sqrt();
            assert!((rr - radius).abs() < 1e-6, "{frame}: {rr} vs {radius}");
        }
    }
    assert!(
        worst.0 < 1e-6 && worst.1 < 1e-6,
        "worst |Δr| {} km, |Δv| {} km/s",
        worst.0,
        worst.1
    );
    eprintln!(
        "state endpoint vs python-sgp4: worst |Δr| {:.2e} km, |Δv| {:.2e} km/s",
        worst.0, worst.1
    );
    // The trajectory is the same propagation on a grid.
    let r = c.get("/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?start=2022-01-22T12:00:00Z&end=2022-01-23T00:00:00Z&step_s=21600&frame=teme", t);
    let pts = r.json()["points"].as_array().unwrap().clone();
    assert_eq!(pts.len(), 3);
    let row: Vec<f64> = STATE_REF
        .lines()
        .nth(2)
        .unwrap()
        .split(',')
        .skip(2)
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(pts[2]["epoch"], "2022-01-23T00:00:00.000Z");
    assert!((pts[2]["position_km"][0].as_f64().unwrap() - row[0]).abs() < 1e-6);
    let r = c.get("/api/v1/objects/{id}/trajectory", "/objects/25544/trajectory?start=2022-01-22T12:00:00Z&end=2022-01-22T13:00:00Z&frame=geodetic", t);
    let p0 = &r.json()["points"][0];
    assert!(
        (p0["altitude_km"].as_f64().unwrap() - 420.0).abs() < 30.0,
        "{p0}"
    );
}

/// A revoked token stops working at once.
fn revocation(c: &Client, fx: &Fixture) {
    let secret = issue(&fx.url, "leaver", "partner", "partner", Some("EU SST"));
    assert_eq!(
        c.get("/api/v1/whoami", "/whoami", Some(&secret)).status,
        200
    );
    let (code, list, err) = uitkijk(&["token", "list", "--db", &fx.url]);
    assert_eq!(code, 0, "{err}");
    assert!(!list.contains(&secret), "token list never shows secrets");
    let id = list
        .lines()
        .find(|l| l.split('\t').nth(1) == Some("leaver"))
        .and_then(|l| l.split('\t').next())
        .unwrap()
        .to_string();
    let (code, _, err) = uitkijk(&["token", "revoke", "--db", &fx.url, &id]);
    assert_eq!(code, 0, "{err}");
    let r = c.get("/api/v1/whoami", "/whoami", Some(&secret));
    assert_eq!(r.status, 401, "{}", r.body);
    let (code, _, _) = uitkijk(&["token", "revoke", "--db", &fx.url, &id]);
    assert_eq!(code, 2, "revoking twice is bad input");
}

fn full_walk(url: &str, dir: &std::path::Path, with_bad_requests: bool) {
    let t0 = Instant::now();
    let fx = setup(url, dir);
    eprintln!("setup {:.1} s", t0.elapsed().as_secs_f64());
    let server = start_server(url, dir);
    let c = Client::new(&server.base);
    let h = c.get("/api/v1/health", "/health", None);
    assert_eq!(h.json()["status"], "ok");
    let page = ureq::get(&server.base)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(page.contains("npm run build"), "{page}");
    walk_as(&c, &fx, &fx.partner_public, Tier::Public, "partner");
    walk_as(&c, &fx, &fx.partner_partner, Tier::Partner, "partner");
    walk_as(&c, &fx, &fx.analyst_partner, Tier::Partner, "analyst");
    walk_national(&c, &fx);
    states_against_python_sgp4(&c, &fx);
    if with_bad_requests {
        bad_requests(&c, &fx);
    }
    revocation(&c, &fx);
    check_contract(&c);
    eprintln!(
        "{} requests checked in {:.1} s",
        c.seen.borrow().len(),
        t0.elapsed().as_secs_f64()
    );
}

#[test]
fn serve_sqlite_tiers_contract_bad_requests_and_states() {
    let dir = temp_dir("serve-sqlite");
    let url = format!("sqlite://{}", dir.join("serve.db").display());
    full_walk(&url, &dir, true);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn serve_postgres_tiers_and_contract() {
    let Some(pg) = pg::PgServer::start("serve-cli") else {
        return;
    };
    let dir = temp_dir("serve-pg");
    full_walk(&pg.fresh_database(), &dir, false);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn serve_rejects_a_bad_bind_and_token_issue_checks_its_arguments() {
    let (code, _, err) = uitkijk(&["serve", "--db", "sqlite::memory:", "--bind", "nowhere"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--bind"), "{err}");
    let (code, _, err) = uitkijk(&[
        "token",
        "issue",
        "--db",
        "sqlite::memory:",
        "--name",
        "x",
        "--role",
        "boss",
        "--tier",
        "public",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--role"), "{err}");
    let (code, _, err) = uitkijk(&[
        "tier",
        "--db",
        "sqlite::memory:",
        "--ids",
        "5",
        "--tier",
        "secret",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--tier"), "{err}");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = temp_dir("serve-term");
    let mut server = start_server("sqlite::memory:", &dir);
    let c = Client::new(&server.base);
    assert_eq!(c.get("/api/v1/health", "/health", None).status, 200);
    let pid = server.child.id().to_string();
    let ok = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(ok.success());
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "graceful shutdown exits 0");
    std::fs::remove_dir_all(&dir).unwrap();
}
