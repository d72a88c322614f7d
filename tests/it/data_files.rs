//! The embedded data files parse, and both language files hold the same keys.
use shilian::domain::{policy::Policy, procedure::Procedures};
use shilian::i18n;

#[test]
fn embedded_policy_and_procedures_parse() {
    let p = Policy::embedded();
    assert_eq!(p.lost_contact.months, 6);
    assert_eq!(p.probation.max_extensions, 1);
    let pr = Procedures::embedded();
    assert_eq!(
        pr.tracks.len(),
        shilian::domain::model::TrackKind::ALL.len()
    );
}

#[test]
fn bad_policy_file_is_refused_with_line() {
    let bad = shilian::domain::policy::DEFAULT_POLICY.replace("months = 6\n", "months = \"six\"\n");
    let err = Policy::parse(&bad).unwrap_err();
    assert!(err.contains("line"), "{err}");
}

#[test]
fn language_files_have_the_same_keys() {
    let zh = i18n::flatten(i18n::ZH).unwrap();
    let en = i18n::flatten(i18n::EN).unwrap();
    let mut missing: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    missing.extend(en.keys().filter(|k| !zh.contains_key(*k)));
    assert!(missing.is_empty(), "keys in one language only: {missing:?}");
}
