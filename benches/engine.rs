//! Criterion benchmarks: parse, detect, plan building, applying edits and whole upgrades, over
//! the bundled fixtures and generated large settings files.
//!
//! The `apply_edits` group applies one edit per 100 bytes to files of 1x, 2x, 4x and 8x the same
//! size: time per byte stays flat when the applier is linear (criterion's throughput column shows
//! bytes per second for each size side by side). Run with `cargo bench --bench engine`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use modoboa_settings::detect::detect;
use modoboa_settings::engine::{self, manual_steps, Request};
use modoboa_settings::model::SettingsFile;
use modoboa_settings::release::{self, Options};
use modoboa_settings::syntax::parse;
use modoboa_settings::text::edit::{apply, Edit};

const FIXTURE_0_7: &str = include_str!("../fixtures/releases/0.7.py");
const FIXTURE_1_0: &str = include_str!("../fixtures/releases/1.0.0.py");
const FIXTURE_TYPICAL: &str = include_str!("../fixtures/variants/0.7-typical-site.py");

/// A 0.7-era settings file grown to about `size` bytes: many INSTALLED_APPS entries and
/// assignments around the real fixture's settings.
pub fn large_settings(size: usize) -> String {
    let mut s = String::with_capacity(size + 4096);
    s.push_str(FIXTURE_0_7);
    let apps_at = s
        .find("INSTALLED_APPS = (\n")
        .map(|i| i + "INSTALLED_APPS = (\n".len())
        .unwrap_or(0);
    let mut apps = String::new();
    let mut extra = String::new();
    let mut i = 0;
    while s.len() + apps.len() + extra.len() < size {
        apps.push_str(&format!("    'site.app{i}',\n"));
        extra.push_str(&format!(
            "SITE_SETTING_{i} = {{'name': 'value{i}', 'items': ('a', 'b', {i})}}  # note {i}\n"
        ));
        i += 1;
    }
    s.insert_str(apps_at, &apps);
    s.push_str(&extra);
    s
}

/// The model's parse, and side by side on the same inputs: `parse::parse` (the fast tokenizer
/// and statement builder, the parser for the rest) against `parse::parse_exact` (the parser and
/// its own lexer alone), the baseline the fast paths replace.
fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (name, text) in [
        ("fixture-0.7", FIXTURE_0_7.to_string()),
        ("typical-site", FIXTURE_TYPICAL.to_string()),
        ("large-1MB", large_settings(1 << 20)),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("model/{name}"), |b| {
            b.iter(|| SettingsFile::parse(black_box(text.clone())).map(|f| f.statements().len()))
        });
        g.bench_function(format!("fast/{name}"), |b| {
            b.iter(|| parse::parse(black_box(&text)).map(|m| m.body.len()))
        });
        g.bench_function(format!("parser-only/{name}"), |b| {
            b.iter(|| parse::parse_exact(black_box(&text)).map(|m| m.body.len()))
        });
    }
    g.finish();
}

fn detect_and_plan(c: &mut Criterion) {
    let f07 = SettingsFile::parse(FIXTURE_0_7.to_string()).expect("parses");
    let f10 = SettingsFile::parse(FIXTURE_1_0.to_string()).expect("parses");
    c.bench_function("detect/fixture-0.7", |b| {
        b.iter(|| detect(black_box(&f07)).version())
    });
    c.bench_function("detect/fixture-1.0.0", |b| {
        b.iter(|| detect(black_box(&f10)).version())
    });
    let (from, to) = (
        release::RELEASES[0],
        release::find("latest").expect("latest"),
    );
    c.bench_function("plan/0.7-to-latest", |b| {
        b.iter(|| manual_steps(black_box(from), black_box(to), None).len())
    });
}

fn apply_edits(c: &mut Criterion) {
    let mut g = c.benchmark_group("apply_edits");
    let base = large_settings(256 << 10);
    for factor in [1usize, 2, 4, 8] {
        let text = base.repeat(factor);
        let edits: Vec<Edit> = (0..text.len())
            .step_by(100)
            .filter(|i| text.is_char_boundary(*i))
            .map(|i| Edit::insert(i, "#"))
            .collect();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{factor}x")),
            &(text, edits),
            |b, (t, e)| b.iter(|| apply(black_box(t), black_box(e.clone())).map(|s| s.len())),
        );
    }
    g.finish();
}

fn upgrade(c: &mut Criterion) {
    let mut g = c.benchmark_group("upgrade");
    g.sample_size(10);
    let options = Options {
        hostname: Some("mail.example.com".into()),
        ..Options::default()
    };
    for (name, text) in [
        ("fixture-0.7", FIXTURE_0_7.to_string()),
        ("large-1MB", large_settings(1 << 20)),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let file = SettingsFile::parse(text.clone()).expect("parses");
                let req = Request {
                    from: detect(&file).release.expect("a Modoboa file"),
                    to: release::find("latest").expect("latest"),
                    options: options.clone(),
                    only: Vec::new(),
                    skip: Vec::new(),
                };
                engine::upgrade(file, &req).map(|u| u.output.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parse, detect_and_plan, apply_edits, upgrade);
criterion_main!(benches);
