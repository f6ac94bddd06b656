//! The bundled demo catalog, loaded the way every command loads its inputs.

use uitkijk_catalog::{load, object_type_of, Catalog, Filter};
use uitkijk_formats::ObjectType;

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
);

/// Counts published with the snapshot: 23,939 objects, "13,057 DEB", 2,058 R/B. The debris
/// figure counts names containing the letters DEB, which includes the payload DEBUT (ORIZURU)
/// (NORAD 20479); as a word, DEB names 13,056 objects. The R/B figure counts names containing
/// R/B, which includes 25 pieces of rocket-body debris (`USA 40 R/B DEB`): those are debris
/// here, leaving 2,033 rocket bodies.
#[test]
fn given_demo_catalog_when_loaded_then_counts_match_the_published_ones() {
    let source = load(DEMO).unwrap();
    assert!(
        source.parsed.errors.is_empty(),
        "{:?}",
        &source.parsed.errors[..3.min(source.parsed.errors.len())]
    );
    assert!(source.parsed.warnings.is_empty());
    let catalog = Catalog::from_sets(source.parsed.sets);
    assert_eq!(catalog.len(), 23_939);
    let count = |t| {
        catalog
            .latest_all()
            .filter(|s| object_type_of(s) == t)
            .count()
    };
    assert_eq!(count(ObjectType::Debris), 13_056);
    let debut = catalog.select(&Filter::default().name("DEBUT"));
    assert_eq!(debut.len(), 1);
    assert_eq!(object_type_of(debut[0]), ObjectType::Payload);
    assert_eq!(count(ObjectType::RocketBody), 2_058 - 25);
}

#[test]
fn given_demo_catalog_when_filtered_then_filters_combine() {
    let catalog = Catalog::from_sets(load(DEMO).unwrap().parsed.sets);
    // Cosmos 1408 and its debris from the 2021-11-15 ASAT test carry designator 1982-092.
    let cosmos = catalog.select(&Filter::default().designator("1982-092"));
    // In this snapshot: the parent, 1,214 pieces of debris and its SL-14 rocket body.
    assert_eq!(cosmos.len(), 1_216);
    assert!(cosmos.iter().any(|s| s.norad_id == 13552)); // the parent, COSMOS 1408
    let tle_form = catalog.select(&Filter::default().designator("82092"));
    assert_eq!(tle_form.len(), cosmos.len());
    let debris = catalog.select(
        &Filter::default()
            .designator("1982-092")
            .object_type(ObjectType::Debris),
    );
    assert_eq!(debris.len(), 1_214);
    let iss = catalog.select(&Filter::default().name("iss (zarya)"));
    assert_eq!(iss.len(), 1);
    assert_eq!(iss[0].norad_id, 25544);
    let two = catalog.select(&Filter::default().ids([25544, 5, 424242]));
    assert_eq!(
        two.iter().map(|s| s.norad_id).collect::<Vec<_>>(),
        [5, 25544]
    );
}
