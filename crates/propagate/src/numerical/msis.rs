//! NRLMSISE-00 thermospheric density driven by CelesTrak space weather.
//!
//! The model is Picone, Hedin, Drob & Aikin, "NRLMSISE-00 empirical model of the atmosphere:
//! Statistical comparisons and scientific issues", J. Geophys. Res. 107(A12), 1468 (2002),
//! evaluated by the `nrlmsise00` crate (a port of the NRL code). This module supplies what the
//! model needs from our own space-weather reader ([`SpaceWeather`]):
//!
//! - F10.7 of the *previous* day, **observed** (not adjusted to 1 AU), as the model's
//!   documentation asks (`nrlmsise-00.h`: "F107 … daily F10.7 flux for previous day");
//! - the 81-day centred average of the observed F10.7;
//! - the geomagnetic activity as the seven-element ap history (the model's switch 9 = −1):
//!   daily Ap, the 3-hourly ap of the instant and of 3, 6 and 9 hours before, and the means of
//!   the eight 3-hourly values 12–33 h and 36–57 h before.
//!
//! Past the end of the file the reader repeats the same dates whole solar cycles earlier
//! ([`SwSource::CycleRepeat`]); monthly predictions carry no 3-hourly ap, so the daily value
//! stands for all eight. The total mass density is `gtd7d`'s, which adds anomalous oxygen (the
//! "effective total mass density for drag" of the NRL code).

use nrlmsise00::{Input, MagneticActivity, Model};
use uitkijk_time::Epoch;

use super::spaceweather::{mjd_of_date, SpaceWeather, SwSource};

/// The solar and geomagnetic drivers NRLMSISE-00 takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MsisDrivers {
    /// Observed F10.7 of the previous day, sfu.
    pub f107_prev_day_sfu: f64,
    /// 81-day centred average of the observed F10.7, sfu.
    pub f107a_sfu: f64,
    /// ap history in the model's order (module docs); `ap[0]` is the daily Ap.
    pub ap: [f64; 7],
    /// `true`: use the whole history (switch 9 = −1); `false`: the daily Ap alone.
    pub ap_history: bool,
}

/// Where and when: NRLMSISE-00's own coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MsisPoint {
    /// Day of the year (UTC), 1–366.
    pub day_of_year: i32,
    /// Seconds of the UTC day.
    pub seconds_of_day: f64,
    /// Geodetic height, km.
    pub alt_km: f64,
    /// Geodetic latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Local apparent solar time, hours (`seconds_of_day/3600 + lon/15` unless a test breaks it
    /// on purpose, as Picone's reference cases do).
    pub local_solar_time_h: f64,
}

impl MsisPoint {
    /// The point at `epoch` (UTC day and time) and a geodetic position, with a consistent
    /// local solar time.
    pub fn at(epoch: Epoch, lat_deg: f64, lon_deg: f64, alt_km: f64) -> MsisPoint {
        let mjd = epoch.to_mjd_utc_days();
        let day = mjd.floor();
        let (y, _, _, _, _, _, _) = epoch.to_gregorian_utc();
        let day_of_year = day as i32 - mjd_of_date(y, 1, 1) + 1;
        let seconds_of_day = (mjd - day) * 86_400.0;
        MsisPoint {
            day_of_year,
            seconds_of_day,
            alt_km,
            lat_deg,
            lon_deg,
            local_solar_time_h: (seconds_of_day / 3600.0 + lon_deg / 15.0).rem_euclid(24.0),
        }
    }
}

/// What the model answers that we use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MsisOutput {
    /// Total mass density with anomalous oxygen (`gtd7d`), kg/m³: the one drag wants.
    pub drag_rho_kg_m3: f64,
    /// Total mass density without anomalous oxygen (`gtd7`), kg/m³.
    pub rho_kg_m3: f64,
    /// Anomalous-oxygen number density, m⁻³.
    pub anomalous_o_m3: f64,
    /// Exospheric temperature, K.
    pub t_exo_k: f64,
    /// Temperature at the point, K.
    pub t_k: f64,
}

/// The NRLMSISE-00 model with every variation switched on, in SI units.
#[derive(Debug, Clone, Default)]
pub struct Nrlmsise00 {
    model: Model,
}

impl Nrlmsise00 {
    /// The model (its tables are resolved once here).
    pub fn new() -> Self {
        Nrlmsise00 {
            model: Model::new(),
        }
    }

    /// One model shared by every caller (it is immutable once built).
    pub fn shared() -> &'static Nrlmsise00 {
        static SHARED: std::sync::OnceLock<Nrlmsise00> = std::sync::OnceLock::new();
        SHARED.get_or_init(Nrlmsise00::new)
    }

    /// Evaluate at a point with given drivers.
    pub fn evaluate(&self, p: &MsisPoint, d: &MsisDrivers) -> MsisOutput {
        let input = Input {
            day_of_year: p.day_of_year,
            seconds_of_day: p.seconds_of_day,
            altitude_km: p.alt_km,
            latitude_deg: p.lat_deg,
            longitude_deg: p.lon_deg,
            local_solar_time_h: p.local_solar_time_h,
            f107_average: d.f107a_sfu,
            f107: d.f107_prev_day_sfu,
            magnetic: if d.ap_history {
                MagneticActivity::History { ap: d.ap }
            } else {
                MagneticActivity::Daily { ap: d.ap[0] }
            },
        };
        let out = self.model.gtd7(&input);
        // gtd7d differs from gtd7 only in the total mass (anomalous oxygen added), so the
        // second total is formed here instead of running the model twice: 16 atomic mass
        // units per anomalous O atom, with the NRL code's nucleon mass (1.66e-24 g).
        let drag = out.total_mass + out.anomalous_oxygen * 16.0 * 1.66e-27;
        MsisOutput {
            drag_rho_kg_m3: drag,
            rho_kg_m3: out.total_mass,
            anomalous_o_m3: out.anomalous_oxygen,
            t_exo_k: out.exospheric_temperature,
            t_k: out.temperature,
        }
    }

    /// Drag density, kg/m³, at `epoch` and a geodetic position, driven by `sw`.
    pub fn density_kg_m3(
        &self,
        sw: &SpaceWeather,
        epoch: Epoch,
        lat_deg: f64,
        lon_deg: f64,
        alt_km: f64,
    ) -> f64 {
        let (drivers, _) = drivers_at(sw, epoch);
        self.evaluate(&MsisPoint::at(epoch, lat_deg, lon_deg, alt_km), &drivers)
            .drag_rho_kg_m3
    }
}

/// 3-hourly ap in slot `slot` (eight per day, counted from MJD 0).
fn ap_slot(sw: &SpaceWeather, slot: i64) -> f64 {
    let (day, _) = sw.day(slot.div_euclid(8) as i32);
    day.ap_3h[slot.rem_euclid(8) as usize]
}

/// NRLMSISE-00's drivers at `epoch` from the space-weather table, and where the day's values
/// came from.
pub fn drivers_at(sw: &SpaceWeather, epoch: Epoch) -> (MsisDrivers, SwSource) {
    let v = sw.at(epoch);
    let slot = (epoch.to_mjd_utc_days() * 8.0).floor() as i64;
    let mean8 = |from: i64| (0..8).map(|k| ap_slot(sw, from - k)).sum::<f64>() / 8.0;
    let ap = [
        v.ap_daily,
        ap_slot(sw, slot),
        ap_slot(sw, slot - 1),
        ap_slot(sw, slot - 2),
        ap_slot(sw, slot - 3),
        // Slots 4..=11 before the current one: 12 to 33 hours earlier.
        mean8(slot - 4),
        // Slots 12..=19: 36 to 57 hours earlier.
        mean8(slot - 12),
    ];
    (
        MsisDrivers {
            f107_prev_day_sfu: v.f107_prev_day_sfu,
            f107a_sfu: v.f107a_sfu,
            ap,
            ap_history: true,
        },
        v.source,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 17 reference cases of the NRLMSISE-00 distribution's test driver
    /// (`nrlmsise-00_test.c`, identical to the NRL Fortran's `nrlmsise00_output.txt`), as
    /// printed in section 7 "Testing Output" of the C release's DOCUMENTATION file
    /// (D. Brodowski, github.com/magnific0/nrlmsise-00, commit 65c00c7a; public domain model
    /// code). Inputs per case: doy, UT s, alt km, lat, lon, LST h, F10.7A, F10.7, Ap; cases 15
    /// and 16 use the ap history with all seven values 100. Outputs (cgs, as printed): He, O,
    /// N2, O2, Ar number densities cm⁻³, total mass g/cm³ (gtd7), H, N, anomalous O cm⁻³,
    /// T_exo, T K.
    #[rustfmt::skip]
    const CASES: [([f64; 9], [f64; 11]); 17] = [
        ([172.,29000.,400.,60.,-70.,16.,150.,150.,4.],[6.665177E+05,1.138806E+08,1.998211E+07,4.022764E+05,3.557465E+03,4.074714E-15,3.475312E+04,4.095913E+06,2.667273E+04,1.250540E+03,1.241416E+03]),
        ([81.,29000.,400.,60.,-70.,16.,150.,150.,4.],[3.407293E+06,1.586333E+08,1.391117E+07,3.262560E+05,1.559618E+03,5.001846E-15,4.854208E+04,4.380967E+06,6.956682E+03,1.166754E+03,1.161710E+03]),
        ([172.,75000.,1000.,60.,-70.,16.,150.,150.,4.],[1.123767E+05,6.934130E+04,4.247105E+01,1.322750E-01,2.618848E-05,2.756772E-18,2.016750E+04,5.741256E+03,2.374394E+04,1.239892E+03,1.239891E+03]),
        ([172.,29000.,100.,60.,-70.,16.,150.,150.,4.],[5.411554E+07,1.918893E+11,6.115826E+12,1.225201E+12,6.023212E+10,3.584426E-10,1.059880E+07,2.615737E+05,2.819879E-42,1.027318E+03,2.068878E+02]),
        ([172.,29000.,400.,0.,-70.,16.,150.,150.,4.],[1.851122E+06,1.476555E+08,1.579356E+07,2.633795E+05,1.588781E+03,4.809630E-15,5.816167E+04,5.478984E+06,1.264446E+03,1.212396E+03,1.208135E+03]),
        ([172.,29000.,400.,60.,0.,16.,150.,150.,4.],[8.673095E+05,1.278862E+08,1.822577E+07,2.922214E+05,2.402962E+03,4.355866E-15,3.686389E+04,3.897276E+06,2.667273E+04,1.220146E+03,1.212712E+03]),
        ([172.,29000.,400.,60.,-70.,4.,150.,150.,4.],[5.776251E+05,6.979139E+07,1.236814E+07,2.492868E+05,1.405739E+03,2.470651E-15,5.291986E+04,1.069814E+06,2.667273E+04,1.116385E+03,1.112999E+03]),
        ([172.,29000.,400.,60.,-70.,16.,70.,150.,4.],[3.740304E+05,4.782720E+07,5.240380E+06,1.759875E+05,5.501649E+02,1.571889E-15,8.896776E+04,1.979741E+06,9.121815E+03,1.031247E+03,1.024848E+03]),
        ([172.,29000.,400.,60.,-70.,16.,150.,180.,4.],[6.748339E+05,1.245315E+08,2.369010E+07,4.911583E+05,4.578781E+03,4.564420E-15,3.244595E+04,5.370833E+06,2.667273E+04,1.306052E+03,1.293374E+03]),
        ([172.,29000.,400.,60.,-70.,16.,150.,150.,40.],[5.528601E+05,1.198041E+08,3.495798E+07,9.339618E+05,1.096255E+04,4.974543E-15,2.686428E+04,4.889974E+06,2.805445E+04,1.361868E+03,1.347389E+03]),
        ([172.,29000.,0.,60.,-70.,16.,150.,150.,4.],[1.375488E+14,0.0,2.049687E+19,5.498695E+18,2.451733E+17,1.261066E-03,0.0,0.0,0.0,1.027318E+03,2.814648E+02]),
        ([172.,29000.,10.,60.,-70.,16.,150.,150.,4.],[4.427443E+13,0.0,6.597567E+18,1.769929E+18,7.891680E+16,4.059139E-04,0.0,0.0,0.0,1.027318E+03,2.274180E+02]),
        ([172.,29000.,30.,60.,-70.,16.,150.,150.,4.],[2.127829E+12,0.0,3.170791E+17,8.506280E+16,3.792741E+15,1.950822E-05,0.0,0.0,0.0,1.027318E+03,2.374389E+02]),
        ([172.,29000.,50.,60.,-70.,16.,150.,150.,4.],[1.412184E+11,0.0,2.104370E+16,5.645392E+15,2.517142E+14,1.294709E-06,0.0,0.0,0.0,1.027318E+03,2.795551E+02]),
        ([172.,29000.,70.,60.,-70.,16.,150.,150.,4.],[1.254884E+10,0.0,1.874533E+15,4.923051E+14,2.239685E+13,1.147668E-07,0.0,0.0,0.0,1.027318E+03,2.190732E+02]),
        ([172.,29000.,400.,60.,-70.,16.,150.,150.,100.],[5.196477E+05,1.274494E+08,4.850450E+07,1.720838E+06,2.354487E+04,5.881940E-15,2.500078E+04,6.279210E+06,2.667273E+04,1.426412E+03,1.408608E+03]),
        ([172.,29000.,100.,60.,-70.,16.,150.,150.,100.],[4.260860E+07,1.241342E+11,4.929562E+12,1.048407E+12,4.993465E+10,2.914304E-10,8.831229E+06,2.252516E+05,2.415246E-42,1.027318E+03,1.934071E+02]),
    ];

    #[test]
    fn picone_reference_cases() {
        let msis = Nrlmsise00::new();
        for (k, (i, want)) in CASES.iter().enumerate() {
            let p = MsisPoint {
                day_of_year: i[0] as i32,
                seconds_of_day: i[1],
                alt_km: i[2],
                lat_deg: i[3],
                lon_deg: i[4],
                local_solar_time_h: i[5],
            };
            let d = MsisDrivers {
                f107a_sfu: i[6],
                f107_prev_day_sfu: i[7],
                ap: [i[8]; 7],
                ap_history: k >= 15,
            };
            let out = msis.evaluate(&p, &d);
            // Printed to 7 significant digits: agree to 1e-6 relative.
            let close = |got: f64, want: f64, what: &str| {
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs() + 1e-300,
                    "case {k} {what}: {got:e} vs {want:e}"
                );
            };
            close(out.rho_kg_m3 * 1e-3, want[5], "rho (g/cm3)");
            close(out.t_exo_k, want[9], "T_exo");
            close(out.t_k, want[10], "T");
            if want[8] > 1e-30 {
                close(out.anomalous_o_m3 * 1e-6, want[8], "anomalous O");
            }
            // The drag density adds the printed anomalous O at 16 u each.
            let drag_want = (want[5] + want[8] * 16.0 * 1.66e-24) * 1e3;
            close(out.drag_rho_kg_m3, drag_want, "drag rho");
        }
    }

    /// The Gannon storm day, from the bundled CelesTrak file's row for 2024-05-11 (values
    /// checked against GFZ Potsdam's definitive Kp/ap: Ap 271, ap 400 in the first three
    /// hours; Matzka et al. 2021, doi:10.1029/2020SW002641) and the row of 2024-05-10
    /// (observed F10.7 223.4 sfu).
    #[test]
    fn space_weather_drivers_on_a_real_day() {
        let sw = SpaceWeather::bundled();
        let at = uitkijk_time::parse_utc("2024-05-11T01:30:00Z").unwrap();
        let (d, source) = drivers_at(sw, at);
        assert_eq!(source, SwSource::Observed);
        assert_eq!(d.f107_prev_day_sfu, 223.4);
        assert_eq!(d.f107a_sfu, 177.1);
        assert_eq!(d.ap[0], 271.0);
        assert_eq!(d.ap[1], 400.0); // 00–03 UT of the 11th
        assert_eq!(d.ap[2], 300.0); // 21–24 UT of the 10th
        assert_eq!(d.ap[3], 300.0);
        assert_eq!(d.ap[4], 179.0);
        // 12–33 h before 00 UT: 15–18 UT of the 10th back to 18–21 UT of the 9th.
        let want5 = (22.0 + 7.0 + 9.0 + 12.0 + 12.0 + 7.0 + 9.0 + 4.0) / 8.0;
        assert!((d.ap[5] - want5).abs() < 1e-12, "{}", d.ap[5]);
        let p = MsisPoint::at(at, 52.0, 5.0, 400.0);
        assert_eq!(p.day_of_year, 132);
        assert!((p.seconds_of_day - 5400.0).abs() < 1e-6);
        assert!((p.local_solar_time_h - (1.5 + 5.0 / 15.0)).abs() < 1e-9);
        // The storm roughly doubles to quadruples 400 km density over quiet conditions.
        let msis = Nrlmsise00::new();
        let storm = msis.evaluate(&p, &d).drag_rho_kg_m3;
        let quiet = msis
            .evaluate(&p, &MsisDrivers { ap: [4.0; 7], ..d })
            .drag_rho_kg_m3;
        assert!(storm > 1.5 * quiet, "{storm:e} vs {quiet:e}");
    }

    #[test]
    fn force_model_offers_msis_and_harris_priester() {
        use crate::numerical::{Atmosphere, ForceModel};
        let m = ForceModel::parse("gravity:20x20,drag:msis").unwrap();
        assert_eq!(m.drag, Some(Atmosphere::Nrlmsise00));
        let m = ForceModel::parse("drag:hp").unwrap();
        assert_eq!(m.drag, Some(Atmosphere::HarrisPriester));
        assert_eq!(
            ForceModel::parse("drag").unwrap().drag,
            ForceModel::default().drag
        );
        assert!(ForceModel::parse("drag:jb2008").is_err());
    }

    #[test]
    fn past_the_file_end_repeats_a_cycle() {
        let sw = SpaceWeather::bundled();
        let at = uitkijk_time::parse_utc("2050-03-01T12:00:00Z").unwrap();
        let (d, source) = drivers_at(sw, at);
        assert_eq!(source, SwSource::CycleRepeat);
        assert!(d.f107a_sfu > 60.0 && d.f107a_sfu < 300.0);
        assert!(d.ap.iter().all(|a| a.is_finite() && *a >= 0.0));
    }
}
