//! Chain tests: every release fixture through the whole engine.
//!
//! - upgrading the 0.7 fixture to each later release gives that release's documented values
//!   (`fixtures/expected/R.json`, compared as values, not text) and a reviewed diff snapshot;
//! - every fixture upgrades to the newest release with no name used before its definition, and
//!   a second run changes nothing;
//! - `detect` names the right release (or an equal twin) for every fixture.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use modoboa_settings::detect::detect;
use modoboa_settings::engine::{self, Request, Upgrade};
use modoboa_settings::model::SettingsFile;
use modoboa_settings::release::{self, Options};
use modoboa_settings::syntax::parse::{ExprKind, StmtKind};
use modoboa_settings::{model::values, report, text::encoding};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    encoding::decode(&bytes).expect("decodes").text
}

fn options() -> Options {
    Options {
        hostname: Some("mail.example.com".into()),
        mail_domain: Some("example.com".into()),
        ..Options::default()
    }
}

fn run(text: &str, from: Option<&str>, to: &str) -> Upgrade {
    let file = SettingsFile::parse(text.to_string()).expect("fixture parses");
    let from = match from {
        Some(v) => release::find(v).expect("known release"),
        None => detect(&file).release.expect("a Modoboa file"),
    };
    let req = Request {
        from,
        to: release::find(to).expect("known release"),
        options: options(),
        only: Vec::new(),
        skip: Vec::new(),
    };
    engine::upgrade(file, &req).expect("no internal error")
}

fn expected_targets() -> Vec<(String, serde_json::Value)> {
    let mut out: Vec<_> = fs::read_dir(root().join("fixtures/expected"))
        .expect("expected dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let v = p.file_stem().unwrap().to_string_lossy().to_string();
            let json = serde_json::from_str(&fs::read_to_string(&p).unwrap()).expect("valid json");
            (v, json)
        })
        .collect();
    out.sort_by_key(|(v, _)| release::version_key(v));
    out
}

#[test]
fn upgrading_0_7_gives_each_release_documented_values() {
    let src = read(&root().join("fixtures/releases/0.7.py"));
    let mut failures = Vec::new();
    let targets = expected_targets();
    assert!(
        targets.len() >= 14,
        "one expected file per release with settings changes"
    );
    for (version, expected) in targets {
        let up = run(&src, Some("0.7"), &version);
        let out = SettingsFile::parse(up.output.clone()).expect("output parses");
        let got = values::settings(&out);
        for (name, want) in expected.as_object().expect("object") {
            if name == "__absent__" {
                for absent in want.as_array().expect("array") {
                    let n = absent.as_str().expect("name");
                    if !out.bindings(n).is_empty() {
                        failures.push(format!("{version}: {n} should be gone"));
                    }
                }
                continue;
            }
            match got.get(name) {
                Some(v) if v == want => {}
                Some(v) => failures.push(format!("{version}: {name}\n  want {want}\n  got  {v}")),
                None => failures.push(format!("{version}: {name} missing")),
            }
        }
        assert!(up.pending.is_empty(), "{version}: pending {:?}", up.pending);
        assert!(up.skipped.is_empty(), "{version}: skipped {:?}", up.skipped);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn upgrading_0_7_diff_snapshots() {
    let src = read(&root().join("fixtures/releases/0.7.py"));
    for (version, _) in expected_targets() {
        let up = run(&src, Some("0.7"), &version);
        // The diff the command line prints: aligned on the text the edits kept.
        let diff = report::diff_kept(
            "settings.py",
            &src,
            &up.output,
            &up.kept,
            report::Colors(false),
        );
        insta::assert_snapshot!(format!("upgrade_0.7_to_{version}"), diff);
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fixtures/releases", "fixtures/variants"] {
        for e in fs::read_dir(root().join(dir))
            .expect("fixture dir")
            .flatten()
        {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Apply a unified diff (as `report::diff` writes it) to `old`, checking every context and
/// removed line and every hunk's counts.
fn apply_unified(old: &str, diff: &str) -> Result<String, String> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let lines: Vec<&str> = diff.split_inclusive('\n').collect();
    if lines.len() < 2 || !lines[0].starts_with("--- a/") || !lines[1].starts_with("+++ b/") {
        return Err("no header".into());
    }
    let mut out = String::new();
    let mut pos = 0;
    let mut k = 2;
    let count = |s: &str| -> Result<(usize, usize), String> {
        let (start, len) = s.split_once(',').unwrap_or((s, "1"));
        let parse = |x: &str| x.parse::<usize>().map_err(|e| format!("{x:?}: {e}"));
        Ok((parse(start)?, parse(len)?))
    };
    while k < lines.len() {
        let head = lines[k]
            .strip_prefix("@@ -")
            .and_then(|h| h.strip_suffix(" @@\n"))
            .ok_or_else(|| format!("line {}: not a hunk header: {:?}", k + 1, lines[k]))?;
        let (o, n) = head.split_once(" +").ok_or("hunk header")?;
        let ((o_start, o_len), (_, n_len)) = (count(o)?, count(n)?);
        let at = if o_len == 0 { o_start } else { o_start - 1 };
        if at < pos || at > old_lines.len() {
            return Err(format!("hunk {head} out of order"));
        }
        old_lines[pos..at].iter().for_each(|l| out.push_str(l));
        pos = at;
        k += 1;
        let (mut seen_old, mut seen_new) = (0, 0);
        while k < lines.len() && !lines[k].starts_with("@@ ") {
            let (sign, mut body) = lines[k].split_at(1);
            k += 1;
            if lines.get(k).is_some_and(|l| l.starts_with('\\')) {
                body = body
                    .strip_suffix('\n')
                    .ok_or("marker after a line with no newline")?;
                k += 1;
            }
            if sign != "+" {
                if old_lines.get(pos) != Some(&body) {
                    return Err(format!("line {}: {body:?} is not in old", pos + 1));
                }
                pos += 1;
                seen_old += 1;
            }
            if sign != "-" {
                out.push_str(body);
                seen_new += 1;
            }
            if !matches!(sign, " " | "+" | "-") {
                return Err(format!("bad line {:?}", lines[k - 1]));
            }
        }
        if (seen_old, seen_new) != (o_len, n_len) {
            return Err(format!("hunk {head}: saw {seen_old},{seen_new}"));
        }
    }
    old_lines[pos..].iter().for_each(|l| out.push_str(l));
    Ok(out)
}

/// The `+` and `-` lines of a diff (headers aside).
fn changed_lines(diff: &str) -> Counts {
    let body = diff.lines().skip(2);
    let (mut plus, mut minus) = (0, 0);
    for l in body {
        if l.starts_with('+') {
            plus += 1;
        } else if l.starts_with('-') {
            minus += 1;
        }
    }
    (plus, minus)
}

/// The `+` and `-` lines of a diff.
type Counts = (usize, usize);

/// Fixtures where the diff aligned on the kept text changes more lines than Myers over the
/// whole files: ((+, -) of the kept diff, (+, -) of full Myers). In each, the upgrade removes
/// lines in one place and writes the same lines again on the other side of text it did not
/// touch; the kept diff holds that text in place and shows the lines removed and added, where
/// full Myers, free to pick any alignment, reuses them as context and removes and adds the
/// untouched text instead (or, for a lone `    }`, matches a line of a deleted dict with one of
/// a new dict further down).
/// - 0.7-live-db-connections, 0.7-typical-site: DB_CONNECTIONS is deleted and its closing
///   `    }` matches one of the new DATABASES text across the untouched lines between them;
/// - 0.8.7-wrong-router: the Modoboa apps leave INSTALLED_APPS for the new MODOBOA_APPS below
///   the user's own `'edu'` and `)`, which full Myers deletes and re-adds instead (0.8.4's
///   user-apps file had the same until the 2.x steps rewrote the lines around it);
/// - 1.0.0-dict-key-spacing: one more such line.
const KEPT_DIFF_LONGER: [(&str, Counts, Counts); 4] = [
    (
        "fixtures/variants/0.7-live-db-connections.py",
        (290, 62),
        (289, 61),
    ),
    (
        "fixtures/variants/0.7-typical-site.py",
        (295, 74),
        (294, 73),
    ),
    (
        "fixtures/variants/0.8.7-wrong-router.py",
        (269, 38),
        (266, 35),
    ),
    (
        "fixtures/variants/1.0.0-dict-key-spacing.py",
        (198, 34),
        (197, 33),
    ),
];

/// The diff aligned on the kept text applies to the old text and gives the new one, and it
/// changes as many lines as the diff that searches the whole files (but for the fixtures of
/// [`KEPT_DIFF_LONGER`], by exactly the counts given there).
#[test]
fn kept_diff_applies_and_changes_as_many_lines_as_full_myers() {
    let mut failures = Vec::new();
    let mut cases = Vec::new();
    for path in fixtures() {
        let src = read(&path);
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        cases.push((
            name.clone(),
            name.clone(),
            src.clone(),
            run(&src, None, "latest"),
        ));
        let up = run(&src, Some("0.7"), "latest");
        cases.push((format!("{name} from 0.7"), name, src, up));
    }
    let src = read(&root().join("fixtures/releases/0.7.py"));
    for (version, _) in expected_targets() {
        let up = run(&src, Some("0.7"), &version);
        cases.push((format!("0.7 to {version}"), String::new(), src.clone(), up));
    }
    for (name, fixture, src, up) in cases {
        let full = report::diff("settings.py", &src, &up.output, report::Colors(false));
        let kept = report::diff_kept(
            "settings.py",
            &src,
            &up.output,
            &up.kept,
            report::Colors(false),
        );
        if up.output == src {
            assert!(kept.is_empty(), "{name}");
            continue;
        }
        match apply_unified(&src, &kept) {
            Ok(out) if out == up.output => {}
            Ok(_) => failures.push(format!("{name}: the kept diff gives another text")),
            Err(e) => failures.push(format!("{name}: the kept diff does not apply: {e}")),
        }
        assert_eq!(
            apply_unified(&src, &full).as_deref(),
            Ok(up.output.as_str())
        );
        let counts = (changed_lines(&kept), changed_lines(&full));
        let known = KEPT_DIFF_LONGER
            .iter()
            .find(|(f, _, _)| *f == name)
            .or_else(|| KEPT_DIFF_LONGER.iter().find(|(f, _, _)| *f == fixture))
            .map(|(_, k, f)| (*k, *f));
        if counts != known.unwrap_or((counts.1, counts.1)) {
            failures.push(format!(
                "{name}: kept diff (+,-) {:?}, full Myers {:?}",
                changed_lines(&kept),
                changed_lines(&full)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Names used (as identifiers) before the first top-level statement that binds them.
fn used_before_definition(f: &SettingsFile) -> Vec<String> {
    let mut first: HashMap<String, usize> = HashMap::new();
    for s in f.statements() {
        let mut bound: Vec<String> = Vec::new();
        match &*s.kind {
            StmtKind::Assign { targets, .. } => {
                for t in targets {
                    if let ExprKind::Name(n) = &t.kind {
                        bound.push(n.clone());
                    }
                }
            }
            StmtKind::AugAssign { target, .. } => {
                if let ExprKind::Name(n) = &target.kind {
                    bound.push(n.clone());
                }
            }
            StmtKind::Import { bound: b, .. } | StmtKind::ImportFrom { bound: b, .. } => {
                bound.extend(b.iter().cloned())
            }
            StmtKind::Other { assigns } => bound.extend(assigns.iter().cloned()),
        }
        for n in bound {
            first.entry(n).or_insert(s.range.start);
        }
    }
    let text = f.text();
    f.identifiers()
        .iter()
        .filter(|r| {
            let after_dot = text[..r.start].trim_end().ends_with('.');
            !after_dot
                && first
                    .get(&text[(*r).clone()])
                    .is_some_and(|def| r.start < *def)
        })
        .map(|r| format!("{} at line {}", &text[r.clone()], f.line(r.start)))
        .collect()
}

#[test]
fn every_fixture_upgrades_to_latest_defined_before_use_and_converges() {
    let mut failures = Vec::new();
    let all = fixtures();
    assert!(all.len() >= 20, "release and variant fixtures");
    for path in all {
        let src = read(&path);
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let before =
            used_before_definition(&SettingsFile::parse(src.clone()).expect("fixture parses"));
        assert!(
            before.is_empty(),
            "{name} itself uses names before defining them: {before:?}"
        );
        let up = run(&src, None, "latest");
        let out = match SettingsFile::parse(up.output.clone()) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{name}: output does not parse: {e:?}"));
                continue;
            }
        };
        let early = used_before_definition(&out);
        if !early.is_empty() {
            failures.push(format!("{name}: used before definition: {early:?}"));
        }
        let again = run(&up.output, None, "latest");
        if again.output != up.output {
            let d = report::diff(&name, &up.output, &again.output, report::Colors(false));
            failures.push(format!("{name}: second run changed the file:\n{d}"));
        }
        if !again.applied.is_empty() {
            failures.push(format!("{name}: second run applied {:?}", again.applied));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The releases that share the settings of `v`, from the table: an automated release without
/// steps looks like the release before it (0.8.3 like 0.8.2, 0.9.2 and 0.9.3 like 0.9.1).
fn twins(v: &str) -> Vec<&'static str> {
    let rels = release::RELEASES;
    let Some(at) = release::find(v).map(release::index_of) else {
        return Vec::new();
    };
    let twin_of_previous = |i: usize| rels[i].steps.is_empty();
    let mut first = at;
    while first > 0 && twin_of_previous(first) {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < rels.len() && twin_of_previous(last + 1) {
        last += 1;
    }
    rels[first..=last].iter().map(|r| r.version).collect()
}

#[test]
fn detect_names_the_release_of_every_fixture() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let want = stem.split('-').next().unwrap().to_string();
        let f = SettingsFile::parse(read(&path)).expect("parses");
        let got = detect(&f).version().unwrap_or("not Modoboa");
        if got != want && !twins(&want).contains(&got) {
            failures.push(format!("{stem}: detected {got}, want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The settings that the 1.0.0, 1.1.0 and 1.1.1 steps write.
const ONE_X: [&str; 7] = [
    "ALLOWED_HOSTS",
    "MIDDLEWARE_CLASSES",
    "INSTALLED_APPS",
    "MODOBOA_APPS",
    "AUTH_USER_MODEL",
    "LOGGING",
    "DOVECOT_LOOKUP_PATH",
];

#[test]
fn upgrading_a_0_9_5_era_file_gives_every_1_x_value() {
    // 0.9.4 and 0.9.5 have the same settings: the 0.9.4 fixture is a 0.9.5-era file.
    let src = read(&root().join("fixtures/releases/0.9.4.py"));
    let up = run(&src, None, "1.1.1");
    let got = values::settings(&SettingsFile::parse(up.output).expect("output parses"));
    let expected: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("fixtures/expected/1.1.1.json")).unwrap(),
    )
    .expect("valid json");
    for name in ONE_X {
        assert_eq!(got.get(name), expected.get(name), "{name}");
    }
    assert!(
        up.pending.is_empty() && up.skipped.is_empty(),
        "{:?} {:?}",
        up.pending,
        up.skipped
    );
}

/// Every application of a file: INSTALLED_APPS, its `+=` tuples and MODOBOA_APPS.
fn all_apps(f: &SettingsFile) -> Vec<String> {
    let mut apps = Vec::new();
    for s in f.statements() {
        let (name, value) = match &*s.kind {
            StmtKind::Assign { targets, value } => match targets.first().map(|t| &t.kind) {
                Some(ExprKind::Name(n)) => (n.as_str(), value),
                _ => continue,
            },
            StmtKind::AugAssign { target, value, .. } => match &target.kind {
                ExprKind::Name(n) => (n.as_str(), value),
                _ => continue,
            },
            _ => continue,
        };
        if name == "INSTALLED_APPS" || name == "MODOBOA_APPS" {
            if let ExprKind::Tuple(v) | ExprKind::List(v) = &value.kind {
                apps.extend(v.iter().filter_map(|e| match &e.kind {
                    ExprKind::Str(s) => Some(s.clone()),
                    _ => None,
                }));
            }
        }
    }
    apps
}

#[test]
fn deploy_output_with_reversion_appended_upgrades_without_a_duplicate_app() {
    let src = read(&root().join("fixtures/releases/1.0.0.py"));
    assert!(
        src.contains("INSTALLED_APPS += MODOBOA_APPS")
            && src.contains("INSTALLED_APPS += ('reversion',)")
    );
    let up = run(&src, Some("1.0.0"), "1.1.1");
    let apps = all_apps(&SettingsFile::parse(up.output).expect("output parses"));
    let mut seen = std::collections::HashSet::new();
    let duplicates: Vec<&String> = apps.iter().filter(|a| !seen.insert(*a)).collect();
    assert!(duplicates.is_empty(), "duplicate apps: {duplicates:?}");
    assert_eq!(apps.iter().filter(|a| *a == "reversion").count(), 1);
    assert!(apps.contains(&"modoboa.core".to_string()));
}

#[test]
fn every_copy_of_modoboa_admin_becomes_the_admin_extension() {
    let src = read(&root().join("fixtures/hostile/modoboa-admin-listed-twice.py"));
    let before = all_apps(&SettingsFile::parse(src.clone()).expect("fixture parses"));
    assert_eq!(before.iter().filter(|a| *a == "modoboa.admin").count(), 2);
    let up = run(&src, Some("1.0.0"), "1.1.1");
    let apps = all_apps(&SettingsFile::parse(up.output).expect("output parses"));
    assert!(!apps.contains(&"modoboa.admin".to_string()), "{apps:?}");
    assert_eq!(
        apps.iter()
            .filter(|a| *a == "modoboa.extensions.admin")
            .count(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Detection on the shapes of Modoboa's generated files (fixtures/generated)
// ---------------------------------------------------------------------------------------------

/// The generated-shape fixtures and their hand-edited variants, with the release each is at
/// (the file name up to the first `-`).
fn generated() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["fixtures/generated", "fixtures/generated/variants"] {
        for e in fs::read_dir(root().join(dir))
            .expect("fixture dir")
            .flatten()
        {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "py") {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                let at = stem.split('-').next().unwrap().to_string();
                out.push((p, at));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 50, "{} generated fixtures", out.len());
    out
}

/// True when `got` names `want` or a release that shares its state: no release after `got` up
/// to `want` has a mark that places a file and that every file of it shows (not optional).
fn shares_state(got: &str, want: &str) -> bool {
    let (g, w) = (
        release::index_of(release::find(got).unwrap()),
        release::index_of(release::find(want).unwrap()),
    );
    g <= w
        && release::RELEASES[g + 1..=w]
            .iter()
            .all(|r| r.marks.iter().all(|m| !(m.places && m.expected)))
}

#[test]
fn every_generated_shape_is_detected_within_its_release_state() {
    let mut failures = Vec::new();
    for (path, want) in generated() {
        let f = SettingsFile::parse(read(&path)).expect("parses");
        let d = detect(&f);
        match d.version() {
            Some(got) if shares_state(got, &want) => {}
            got => failures.push(format!(
                "{}: detected {got:?}, want {want} ({:?})",
                path.display(),
                d.evidence
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The marks a release expects are the ones its generated file has: a generated file misses
/// none (hand-edited variants may).
#[test]
fn generated_shapes_miss_no_expected_mark() {
    let mut failures = Vec::new();
    for (path, _) in generated() {
        if path.parent().is_some_and(|p| p.ends_with("variants")) {
            continue;
        }
        let d = detect(&SettingsFile::parse(read(&path)).expect("parses"));
        if !d.missing.is_empty() {
            failures.push(format!("{}: {:?}", path.display(), d.missing));
        }
        if let Some(c) = d.evidence.iter().find(|e| e.starts_with("contradiction")) {
            failures.push(format!("{}: {c}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Upgraded to the newest release the tool automates: the output parses, defines every name
/// before using it, and a second run changes nothing. Files at or past that release are left
/// exactly as they are.
#[test]
fn generated_shapes_upgrade_safely_and_files_past_the_tool_stay_as_they_are() {
    let newest = release::newest();
    let mut failures = Vec::new();
    for (path, _) in generated() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let src = read(&path);
        let at = detect(&SettingsFile::parse(src.clone()).unwrap())
            .release
            .expect("a Modoboa file");
        let to = if release::index_of(at) > release::index_of(newest) {
            at.version
        } else {
            newest.version
        };
        let up = run(&src, None, to);
        if release::index_of(at) >= release::index_of(newest) && up.output != src {
            let d = report::diff(&name, &src, &up.output, report::Colors(false));
            failures.push(format!("{name}: at {}, changed:\n{d}", at.version));
        }
        let out = match SettingsFile::parse(up.output.clone()) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{name}: output does not parse: {e:?}"));
                continue;
            }
        };
        let early = used_before_definition(&out);
        if !early.is_empty() {
            failures.push(format!("{name}: used before definition: {early:?}"));
        }
        let again = run(&up.output, None, to);
        if again.output != up.output || !again.applied.is_empty() {
            let d = report::diff(&name, &up.output, &again.output, report::Colors(false));
            failures.push(format!("{name}: second run changed the file:\n{d}"));
        }
        // Never backwards: a file is never detected earlier after its upgrade.
        let after = detect(&out).release.expect("still a Modoboa file");
        if release::index_of(after) < release::index_of(at) {
            failures.push(format!(
                "{name}: {} after the upgrade, {} before",
                after.version, at.version
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A plain Django project's settings show no Modoboa mark.
#[test]
fn plain_django_settings_are_not_modoboa() {
    for e in fs::read_dir(root().join("fixtures/generated/not-modoboa"))
        .unwrap()
        .flatten()
    {
        let d = detect(&SettingsFile::parse(read(&e.path())).unwrap());
        assert_eq!(
            d.version(),
            None,
            "{}: {:?}",
            e.path().display(),
            d.evidence
        );
        assert!(d.reason.is_some());
    }
}

/// Every release a mark names (`until`) is a known release, and marks are never empty where
/// a release has a state of its own in the facts (the generated fixtures).
#[test]
fn marks_name_known_releases() {
    for r in release::RELEASES {
        for m in r.marks {
            if let Some(u) = m.until {
                let u = release::find(u).unwrap_or_else(|| panic!("{}: unknown {u}", r.version));
                assert!(
                    release::index_of(u) > release::index_of(r),
                    "{}: a mark ends at {} before it starts",
                    r.version,
                    u.version
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The guide's values after the 1.x and 2.x series (Modoboa's upgrade guide, 1.1.2 to 2.9.3)
// ---------------------------------------------------------------------------------------------

/// The strings of a JSON array (a tuple or list setting), empty for anything else.
fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks on one upgraded file, collected as failures.
struct Checks<'a> {
    name: &'a str,
    failures: Vec<String>,
}

impl Checks<'_> {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.failures.push(format!("{}: {}", self.name, what()));
        }
    }
    /// Each of `want` is in `list`.
    fn has(&mut self, setting: &str, list: &[String], want: &[&str]) {
        for w in want {
            self.check(list.iter().any(|x| x == w), || {
                format!("{setting} lacks {w}: {list:?}")
            });
        }
    }
    /// None of `gone` is in `list`.
    fn lacks(&mut self, setting: &str, list: &[String], gone: &[&str]) {
        for g in gone {
            self.check(!list.iter().any(|x| x == g), || {
                format!("{setting} still holds {g}: {list:?}")
            });
        }
    }
    /// The elements of `order` that `list` holds come in this order.
    fn ordered(&mut self, setting: &str, list: &[String], order: &[&str]) {
        let pos: Vec<usize> = order
            .iter()
            .filter_map(|o| list.iter().position(|x| x == o))
            .collect();
        self.check(pos.windows(2).all(|w| w[0] < w[1]), || {
            format!("{setting} out of the guide's order {order:?}: {list:?}")
        });
    }
    /// `b` comes right after `a` in `list`.
    fn right_after(&mut self, setting: &str, list: &[String], a: &str, b: &str) {
        let i = list.iter().position(|x| x == a);
        self.check(
            i.is_some_and(|i| list.get(i + 1).is_some_and(|x| x == b)),
            || format!("{setting}: {b} is not right after {a}: {list:?}"),
        );
    }
    fn absent(&mut self, f: &SettingsFile, names: &[&str]) {
        for n in names {
            self.check(f.bindings(n).is_empty(), || format!("{n} is still set"));
        }
    }
    fn present(&mut self, f: &SettingsFile, names: &[&str]) {
        for n in names {
            self.check(!f.bindings(n).is_empty(), || format!("{n} is not set"));
        }
    }
}

/// The files of the 1.x series and before: the 0.7 fixture and the release fixtures, the
/// generated shapes up to 1.17.0 and their variants.
fn files_up_to(last: &str) -> Vec<(String, String)> {
    let mut out = vec![(
        "fixtures/releases/0.7.py".to_string(),
        read(&root().join("fixtures/releases/0.7.py")),
    )];
    let key = release::version_key(release::find(last).expect("a release").version);
    for (path, at) in generated() {
        if release::version_key(&at) <= key {
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            out.push((name, read(&path)));
        }
    }
    for p in fixtures() {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let at = stem.split('-').next().unwrap().to_string();
        // 0.8-dynamic builds its settings in code on purpose: its steps are skipped.
        if stem.contains("dynamic") {
            continue;
        }
        if release::find(&at).is_some() && release::version_key(&at) <= key {
            let name = p.strip_prefix(root()).unwrap().display().to_string();
            out.push((name, read(&p)));
        }
    }
    out
}

#[test]
fn every_file_up_to_1_16_reaches_the_guide_s_1_17_values() {
    let mut failures = Vec::new();
    for (name, src) in files_up_to("1.16.0") {
        let up = run(&src, None, "1.17.0");
        let mut c = Checks {
            name: &name,
            failures: Vec::new(),
        };
        c.check(up.pending.is_empty(), || {
            format!("pending {:?}", up.pending)
        });
        let f = SettingsFile::parse(up.output.clone()).expect("output parses");
        let v = serde_json::Value::Object(values::settings(&f).into_iter().collect());
        let mw = strings(v.get("MIDDLEWARE"));
        // The 0.x order (CommonMiddleware before SessionMiddleware) leaves no place for
        // LocaleMiddleware between the two: 1.17.0's move is skipped with its line, and 2.3.0's
        // order settles it.
        let pos = |m: &str| mw.iter().position(|x| x == m);
        let common_first = pos("django.middleware.common.CommonMiddleware")
            < pos("django.contrib.sessions.middleware.SessionMiddleware");
        c.check(
            up.skipped
                .iter()
                .all(|s| common_first && s.id == "1.17.0/locale-middleware"),
            || format!("skipped {:?}", up.skipped),
        );
        let apps = all_apps(&f);
        c.has(
            "apps",
            &apps,
            &[
                "modoboa",
                "modoboa.core",
                "modoboa.lib",
                "modoboa.admin",
                "modoboa.transport",
                "modoboa.relaydomains",
                "modoboa.limits",
                "modoboa.parameters",
                "modoboa.dnstools",
                "modoboa.maillog",
                "rest_framework",
                "rest_framework.authtoken",
                "ckeditor",
                "ckeditor_uploader",
                "django_otp",
                "django_otp.plugins.otp_totp",
                "django_otp.plugins.otp_static",
            ],
        );
        c.lacks(
            "apps",
            &apps,
            &[
                "south",
                "modoboa_admin",
                "modoboa_admin_limits",
                "modoboa_admin_relaydomains",
                "modoboa_stats",
                "rest_framework_swagger",
            ],
        );
        c.check(
            !apps.iter().any(|a| a.starts_with("modoboa.extensions.")),
            || format!("an old extension name is left: {apps:?}"),
        );
        c.ordered("apps", &apps, &["modoboa.admin", "modoboa.transport"]);
        c.ordered(
            "apps",
            &apps,
            &["modoboa.limits", "modoboa.parameters", "modoboa.dnstools"],
        );
        c.ordered(
            "apps",
            &apps,
            &["rest_framework", "rest_framework.authtoken"],
        );
        let mut seen = std::collections::HashSet::new();
        c.check(apps.iter().all(|a| seen.insert(a)), || {
            format!("an app listed twice: {apps:?}")
        });
        c.absent(
            &f,
            &[
                "MIDDLEWARE_CLASSES",
                "TEMPLATE_CONTEXT_PROCESSORS",
                "PASSWORD_MIN_LENGTH",
                "PASSWORD_COMPLEXITY",
                "SWAGGER_SETTINGS",
                "SOUTH_TESTS_MIGRATE",
            ],
        );
        c.present(
            &f,
            &[
                "MIDDLEWARE",
                "TEMPLATES",
                "REST_FRAMEWORK",
                "AUTH_PASSWORD_VALIDATORS",
                "DISABLE_DASHBOARD_EXTERNAL_QUERIES",
                "REDIS_HOST",
                "REDIS_PORT",
                "REDIS_QUOTA_DB",
                "REDIS_URL",
                "OTP_TOTP_ISSUER",
                "MODOBOA_API_URL",
            ],
        );
        c.has(
            "MIDDLEWARE",
            &mw,
            &[
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
                "django_otp.middleware.OTPMiddleware",
                "modoboa.core.middleware.TwoFAMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware",
                "modoboa.core.middleware.LocalConfigMiddleware",
                "modoboa.lib.middleware.RequestCatcherMiddleware",
            ],
        );
        c.lacks(
            "MIDDLEWARE",
            &mw,
            &[
                "reversion.middleware.RevisionMiddleware",
                "modoboa.lib.middleware.ExtControlMiddleware",
                "django.middleware.transaction.TransactionMiddleware",
            ],
        );
        if !common_first && pos("django.middleware.locale.LocaleMiddleware").is_some() {
            c.right_after(
                "MIDDLEWARE",
                &mw,
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.locale.LocaleMiddleware",
            );
        }
        c.right_after(
            "MIDDLEWARE",
            &mw,
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django_otp.middleware.OTPMiddleware",
        );
        c.right_after(
            "MIDDLEWARE",
            &mw,
            "django_otp.middleware.OTPMiddleware",
            "modoboa.core.middleware.TwoFAMiddleware",
        );
        let backends = strings(v.get("AUTHENTICATION_BACKENDS"));
        c.has(
            "AUTHENTICATION_BACKENDS",
            &backends,
            &["django.contrib.auth.backends.ModelBackend"],
        );
        c.lacks(
            "AUTHENTICATION_BACKENDS",
            &backends,
            &["modoboa.lib.authbackends.SimpleBackend"],
        );
        let processors = strings(v.pointer("/TEMPLATES/0/OPTIONS/context_processors"));
        c.has(
            "context_processors",
            &processors,
            &[
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "modoboa.core.context_processors.top_notifications",
            ],
        );
        let auth = strings(v.pointer("/REST_FRAMEWORK/DEFAULT_AUTHENTICATION_CLASSES"));
        c.has(
            "DEFAULT_AUTHENTICATION_CLASSES",
            &auth,
            &[
                "rest_framework.authentication.TokenAuthentication",
                "rest_framework.authentication.SessionAuthentication",
            ],
        );
        let validators: Vec<String> = v
            .get("AUTH_PASSWORD_VALIDATORS")
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|d| d["NAME"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        c.has(
            "AUTH_PASSWORD_VALIDATORS",
            &validators,
            &["modoboa.core.password_validation.ComplexityValidator"],
        );
        c.check(
            v.get("OTP_TOTP_ISSUER").and_then(|x| x.as_str()) == Some("mail.example.com"),
            || format!("OTP_TOTP_ISSUER = {:?}", v.get("OTP_TOTP_ISSUER")),
        );
        c.check(
            v.get("MODOBOA_API_URL").and_then(|x| x.as_str()) == Some("https://api.modoboa.org/1/"),
            || format!("MODOBOA_API_URL = {:?}", v.get("MODOBOA_API_URL")),
        );
        failures.extend(c.failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_file_reaches_the_guide_s_2_9_3_values_at_the_newest_release() {
    let mut failures = Vec::new();
    for (name, src) in files_up_to("latest") {
        let up = run(&src, None, "latest");
        let mut c = Checks {
            name: &name,
            failures: Vec::new(),
        };
        let f = SettingsFile::parse(up.output.clone()).expect("output parses");
        let v = serde_json::Value::Object(values::settings(&f).into_iter().collect());
        // Files of the MODOBOA_DIR lineage (no BASE_DIR, which 1.2.0's template brought and no
        // note asked for) cannot read the `.env` of 2.3.0: those two steps are skipped, said.
        let no_base_dir = f.bindings("BASE_DIR").is_empty();
        // 1.17.0's LocaleMiddleware move is skipped on the 0.x order (CommonMiddleware first);
        // 2.3.0's order settles it (checked below).
        c.check(
            up.skipped.iter().all(|s| {
                (no_base_dir && ["2.3.0/environ", "2.3.0/oauth2-provider"].contains(&s.id))
                    || s.id == "1.17.0/locale-middleware"
            }),
            || format!("skipped {:?}", up.skipped),
        );
        let at = detect(&SettingsFile::parse(src.clone()).unwrap())
            .release
            .map_or("0.7", |r| r.version);
        c.check(up.pending.is_empty(), || {
            format!("pending {:?}", up.pending)
        });
        let apps = all_apps(&f);
        c.has(
            "apps",
            &apps,
            &[
                "modoboa",
                "modoboa.core",
                "modoboa.lib",
                "modoboa.admin",
                "modoboa.autoconfig",
                "modoboa.transport",
                "modoboa.relaydomains",
                "modoboa.limits",
                "modoboa.parameters",
                "modoboa.dnstools",
                "modoboa.policyd",
                "modoboa.maillog",
                "rest_framework",
                "rest_framework.authtoken",
                "drf_spectacular",
                "django_rq",
                "oauth2_provider",
                "corsheaders",
            ],
        );
        c.lacks("apps", &apps, &["ckeditor", "ckeditor_uploader", "south"]);
        c.check(
            !apps
                .iter()
                .any(|a| a.starts_with("modoboa_") || a.starts_with("modoboa.extensions.")),
            || format!("a plugin's old name is left: {apps:?}"),
        );
        c.ordered("apps", &apps, &["modoboa.admin", "modoboa.autoconfig"]);
        let mut seen = std::collections::HashSet::new();
        c.check(apps.iter().all(|a| seen.insert(a)), || {
            format!("an app listed twice: {apps:?}")
        });
        let mw = strings(v.get("MIDDLEWARE"));
        c.has(
            "MIDDLEWARE",
            &mw,
            &[
                "django.contrib.sessions.middleware.SessionMiddleware",
                "corsheaders.middleware.CorsMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware",
                "modoboa.core.middleware.LocalConfigMiddleware",
                "modoboa.lib.middleware.RequestCatcherMiddleware",
            ],
        );
        c.lacks(
            "MIDDLEWARE",
            &mw,
            &[
                "django_otp.middleware.OTPMiddleware",
                "modoboa.core.middleware.TwoFAMiddleware",
                "modoboa.lib.middleware.AjaxLoginRedirect",
            ],
        );
        c.ordered(
            "MIDDLEWARE",
            &mw,
            &[
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.locale.LocaleMiddleware",
                "x_forwarded_for.middleware.XForwardedForMiddleware",
                "corsheaders.middleware.CorsMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware",
                "django.middleware.clickjacking.XFrameOptionsMiddleware",
                "modoboa.core.middleware.LocalConfigMiddleware",
                "modoboa.lib.middleware.CommonExceptionCatcher",
                "modoboa.lib.middleware.RequestCatcherMiddleware",
            ],
        );
        let backends = strings(v.get("AUTHENTICATION_BACKENDS"));
        c.has(
            "AUTHENTICATION_BACKENDS",
            &backends,
            &["django.contrib.auth.backends.ModelBackend"],
        );
        let processors = strings(v.pointer("/TEMPLATES/0/OPTIONS/context_processors"));
        c.has(
            "context_processors",
            &processors,
            &["modoboa.core.context_processors.theme"],
        );
        c.lacks(
            "context_processors",
            &processors,
            &[
                "modoboa.core.context_processors.top_notifications",
                "modoboa.core.context_processors.new_admin_url",
            ],
        );
        let auth = strings(v.pointer("/REST_FRAMEWORK/DEFAULT_AUTHENTICATION_CLASSES"));
        c.lacks(
            "DEFAULT_AUTHENTICATION_CLASSES",
            &auth,
            &[
                "modoboa.core.drf_authentication.JWTAuthenticationWith2FA",
                "rest_framework.authentication.SessionAuthentication",
            ],
        );
        c.has(
            "DEFAULT_AUTHENTICATION_CLASSES",
            &auth,
            &["rest_framework.authentication.TokenAuthentication"],
        );
        if !no_base_dir {
            c.has(
                "DEFAULT_AUTHENTICATION_CLASSES",
                &auth,
                &["oauth2_provider.contrib.rest_framework.OAuth2Authentication"],
            );
            c.present(&f, &["OAUTH2_PROVIDER", "env"]);
        }
        let queues: Vec<String> = v
            .get("RQ_QUEUES")
            .and_then(|q| q.as_object())
            .map(|q| q.keys().cloned().collect())
            .unwrap_or_default();
        c.has(
            "RQ_QUEUES",
            &queues,
            &["dkim", "modoboa", "dovecot", "privileged"],
        );
        c.check(
            v.pointer("/SPECTACULAR_SETTINGS/SERVE_PERMISSIONS")
                == Some(&serde_json::json!(["rest_framework.permissions.AllowAny"])),
            || format!("SPECTACULAR_SETTINGS = {:?}", v.get("SPECTACULAR_SETTINGS")),
        );
        // (A file already at 2.6.0 or later has the host names it has.)
        if release::version_key(at) < release::version_key("2.6.0") {
            let hosts = strings(v.get("ALLOWED_HOSTS"));
            c.has(
                "ALLOWED_HOSTS",
                &hosts,
                &["autoconfig.example.com", "autodiscover.example.com"],
            );
        }
        c.check(v.pointer("/LOGGING/handlers/syslog").is_some(), || {
            "LOGGING lacks the syslog handler".into()
        });
        c.check(v.pointer("/LOGGING/loggers/modoboa.dns").is_some(), || {
            "LOGGING lacks the modoboa.dns logger".into()
        });
        c.present(
            &f,
            &[
                "EMAIL_CLIENT_CONNECTION_SETTINGS",
                "SPECTACULAR_SETTINGS",
                "DEFAULT_AUTO_FIELD",
                "PID_FILE_STORAGE_PATH",
                "CACHES",
            ],
        );
        c.absent(
            &f,
            &[
                "MIDDLEWARE_CLASSES",
                "CKEDITOR_UPLOAD_PATH",
                "CKEDITOR_CONFIGS",
                "NEW_ADMIN_URL",
                "STATICFILES_DIRS",
                "TEMPLATE_CONTEXT_PROCESSORS",
            ],
        );
        failures.extend(c.failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
