//! The Brouwer mean semi-major axis and eccentricity SGP4 recovers at epoch, against
//! python-sgp4 2.x (Vallado's C++ in Python, `Satrec.a × radiusearthkm`, `Satrec.ecco`, WGS-72),
//! on three of Vallado's verification element sets (SGP4-VER.TLE): Vanguard 1 (e = 0.19), a
//! sun-synchronous LEO and a geostationary satellite.

use uitkijk_formats::tle;
use uitkijk_propagate::Sgp4;

#[test]
fn mean_semi_major_axis_matches_python_sgp4() {
    let cases = [
        (
            "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753",
            "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667",
            8635.355832280331,
            0.1859667,
        ),
        (
            "1 28057U 03049A   06177.78615833  .00000060  00000-0  35940-4 0  1836",
            "2 28057  98.7302 177.1412 0010390 178.5311 181.6003 14.19426658139000",
            7202.587523980296,
            0.001039,
        ),
        (
            "1 28626U 05008A   06176.46683397 -.00000205  00000-0  10000-3 0  2190",
            "2 28626   0.0019 286.9433 0000335  13.7918  55.6504  1.00270176  4891",
            42166.240176531835,
            3.35e-05,
        ),
    ];
    for (l1, l2, a_km, e) in cases {
        let parsed = tle::read(&format!("{l1}\n{l2}\n"));
        let sgp4 = Sgp4::new(&parsed.sets[0]).unwrap();
        let got = sgp4.mean_semi_major_axis_km();
        assert!((got - a_km).abs() < 1e-9, "{l1}: {got} vs {a_km}");
        assert!((sgp4.mean_eccentricity() - e).abs() < 1e-15);
    }
}
