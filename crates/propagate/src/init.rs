//! Initialisation: from Kozai mean elements to the constants of [`Sgp4`].
//!
//! Follows `sgp4init`, `initl`, `dscom` and `dsinit` of Vallado, Crawford, Hujsak & Kelso,
//! "Revisiting Spacetrack Report #3", AIAA 2006-6753 (rev. 2020), in the improved operation
//! mode (`opsmode = 'i'`) with WGS-72 constants. Operations keep the reference's order so that
//! results agree to the last bits.

use std::f64::consts::PI;

use uitkijk_formats::ElementSet;
use uitkijk_time::Epoch;

use crate::error::{Sgp4Error, Sgp4ErrorKind};
use crate::model::{
    Common, DeepSecularRates, DeepSpace, FullDrag, HalfDayResonance, LunarSolarPeriodics,
    NearEarthDrag, OneDayResonance, Regime, Resonance, Sgp4,
};
use crate::wgs72;

const TWO_PI: f64 = 2.0 * PI;
const X2O3: f64 = 2.0 / 3.0;
/// Earth rotation rate, rad/min (7.29211514668855e-5 rad/s), the reference's literal.
#[allow(clippy::excessive_precision)]
pub(crate) const RPTIM_RAD_MIN: f64 = 4.375_269_088_011_299_66e-3;
/// Guard of the `1 / (1 + cos i)` divisions for retrograde equatorial orbits.
pub(crate) const COS_I_GUARD: f64 = 1.5e-12;

/// Julian date of 1949-12-31 00:00 UTC, the origin of the SGP4 epoch.
const JD_1950: f64 = 2_433_281.5;

impl Sgp4 {
    /// Initialise from mean elements.
    ///
    /// Fails only for element sets of ephemeris type 4 (SGP4-XP, whose elements mean something
    /// else) and for non-finite numbers. Elements the reference would flag at `t = 0` (for
    /// example an eccentricity out of range) initialise, and each
    /// [`propagate`](Sgp4::propagate) reports the reference's error for its own time.
    pub fn new(elements: &ElementSet) -> Result<Sgp4, Sgp4Error> {
        if elements.ephemeris_type == 4 {
            return Err(Sgp4Error::new(
                Sgp4ErrorKind::UnsupportedEphemerisType(elements.ephemeris_type),
                0.0,
            ));
        }
        let inputs = [
            elements.mean_motion_rev_day,
            elements.eccentricity,
            elements.inclination_deg,
            elements.raan_deg,
            elements.arg_perigee_deg,
            elements.mean_anomaly_deg,
            elements.bstar_per_er,
        ];
        if inputs.iter().any(|x| !x.is_finite()) {
            return Err(Sgp4Error::new(Sgp4ErrorKind::NonFinite, 0.0));
        }

        // The reference's unit conversion (twoline2rv): rev/day → rad/min through
        // xpdotp = 1440 / 2π, degrees → radians through π/180.
        let xpdotp = 1440.0 / (2.0 * PI);
        let deg2rad = PI / 180.0;
        let mean = KozaiElements {
            no_kozai_rad_min: elements.mean_motion_rev_day / xpdotp,
            ecco: elements.eccentricity,
            inclo_rad: elements.inclination_deg * deg2rad,
            nodeo_rad: elements.raan_deg * deg2rad,
            argpo_rad: elements.arg_perigee_deg * deg2rad,
            mo_rad: elements.mean_anomaly_deg * deg2rad,
            bstar_per_er: elements.bstar_per_er,
        };
        let (common, regime) = initialise(&mean, sgp4_epoch_days(elements.epoch));
        Ok(Sgp4 {
            norad_id: elements.norad_id,
            epoch: elements.epoch,
            common,
            regime,
        })
    }

    /// The epoch of the elements (on TAI, like every `Epoch` in Uitkijk).
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// The catalog number of the object.
    pub fn norad_id(&self) -> u32 {
        self.norad_id
    }

    /// Whether the orbit is propagated with the deep-space theory (SDP4; period ≥ 225 min).
    pub fn is_deep_space(&self) -> bool {
        matches!(self.regime, Regime::DeepSpace(_))
    }

    /// Brouwer mean semi-major axis at epoch, km: the one SGP4 recovers from the element set's
    /// (Kozai) mean motion, a = (ke/n₀″)^(2/3) in earth radii (WGS-72). This is the size of the
    /// orbit that decays under drag and jumps at a manoeuvre, free of SGP4's own short-period
    /// terms.
    pub fn mean_semi_major_axis_km(&self) -> f64 {
        (crate::wgs72::XKE_PER_MIN / self.common.no_unkozai_rad_min).powf(2.0 / 3.0)
            * crate::wgs72::RADIUS_KM
    }

    /// Mean eccentricity at epoch.
    pub fn mean_eccentricity(&self) -> f64 {
        self.common.ecco
    }
}

/// The Brouwer mean motion n₀″ (rad/min) SGP4 recovers from an element set's Kozai mean
/// motion `no_kozai_rad_min`, eccentricity and inclination (`initl`, Vallado et al. 2006;
/// Spacetrack Report #3 §6), WGS-72:
/// a₁ = (kₑ / n₀)^(2/3), δ₁ = 3/4 J₂ (3 cos²i − 1) / ((1 − e²)^(3/2) a₁²),
/// a₀ = a₁ (1 − δ₁/3 − δ₁² − 134/81 δ₁³), δ₀ = δ₁ a₁² / a₀², n₀″ = n₀ / (1 + δ₀).
pub fn brouwer_mean_motion_rad_min(no_kozai_rad_min: f64, ecc: f64, incl_rad: f64) -> f64 {
    let omeosq = 1.0 - ecc * ecc;
    let rteosq = omeosq.sqrt();
    let cosio = incl_rad.cos();
    let ak = (wgs72::XKE_PER_MIN / no_kozai_rad_min).powf(X2O3);
    let d1 = 0.75 * wgs72::J2 * (3.0 * cosio * cosio - 1.0) / (rteosq * omeosq);
    let del = d1 / (ak * ak);
    let adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0));
    let del = d1 / (adel * adel);
    no_kozai_rad_min / (1.0 + del)
}

/// Kozai mean elements in the units of the equations.
#[derive(Debug, Clone, Copy)]
struct KozaiElements {
    no_kozai_rad_min: f64,
    ecco: f64,
    inclo_rad: f64,
    nodeo_rad: f64,
    argpo_rad: f64,
    mo_rad: f64,
    bstar_per_er: f64,
}

/// Days from 1949-12-31 00:00 UTC to `epoch`, formed as the reference does:
/// `(jd + jd_frac) − 2433281.5` with `jd` the Julian date of 0h UTC of the calendar day and
/// `jd_frac` the UTC time of day over 86 400 s (`jday` in SGP4.cpp). The sum rounds to
/// ~40 µs near JD 2.45e6; forming it the same way keeps sidereal time and the lunar-solar
/// arguments bit-identical to the reference.
pub(crate) fn sgp4_epoch_days(epoch: Epoch) -> f64 {
    let (year, month, day, hour, minute, second, nanos) = epoch.to_gregorian_utc();
    let (year, month, day) = (year as f64, month as f64, day as f64);
    let jd = 367.0 * year - ((7.0 * (year + ((month + 9.0) / 12.0).floor())) * 0.25).floor()
        + (275.0 * month / 9.0).floor()
        + day
        + 1_721_013.5;
    let seconds = second as f64 + nanos as f64 * 1e-9;
    let mut jd_frac = (seconds + minute as f64 * 60.0 + hour as f64 * 3600.0) / 86_400.0;
    let mut jd = jd;
    if jd_frac.abs() > 1.0 {
        let whole = jd_frac.floor();
        jd += whole;
        jd_frac -= whole;
    }
    (jd + jd_frac) - JD_1950
}

/// Greenwich mean sidereal time (IAU-82), rad, of a UT1 Julian date (UT1 taken as UTC):
///
/// θ = (67310.54841 + (876600 h + 8640184.812866) T + 0.093104 T² − 6.2e-6 T³) s,
/// T = (JD − 2451545) / 36525 (Vallado 2013, eq. 3-45).
pub(crate) fn gstime_rad(jd_ut1: f64) -> f64 {
    let tut1 = (jd_ut1 - 2_451_545.0) / 36_525.0;
    let seconds = -6.2e-6 * tut1 * tut1 * tut1
        + 0.093104 * tut1 * tut1
        + (876_600.0 * 3600.0 + 8_640_184.812_866) * tut1
        + 67_310.548_41;
    // 360° / 86400 s = 1/240 °/s.
    let theta = (seconds * (PI / 180.0) / 240.0) % TWO_PI;
    if theta < 0.0 {
        theta + TWO_PI
    } else {
        theta
    }
}

fn initialise(mean: &KozaiElements, epoch_days: f64) -> (Common, Regime) {
    let KozaiElements {
        no_kozai_rad_min,
        ecco,
        inclo_rad,
        nodeo_rad,
        argpo_rad,
        mo_rad,
        bstar_per_er: bstar,
    } = *mean;
    let (xke, j2, j3oj2, j4) = (wgs72::XKE_PER_MIN, wgs72::J2, wgs72::J3OJ2, wgs72::J4);
    let radius_km = wgs72::RADIUS_KM;

    // ---- initl: recover the Brouwer mean motion n₀″ from the Kozai n₀ ----
    // a₁ = (kₑ / n₀)^(2/3), δ₁ = 3/4 J₂ (3 cos²i − 1) / ((1 − e²)^(3/2) a₁²),
    // a₀ = a₁ (1 − δ₁/3 − δ₁² − 134/81 δ₁³), δ₀ = δ₁ a₁² / a₀², n₀″ = n₀ / (1 + δ₀).
    let eccsq = ecco * ecco;
    let omeosq = 1.0 - eccsq;
    let rteosq = omeosq.sqrt();
    let cosio = inclo_rad.cos();
    let cosio2 = cosio * cosio;
    let no = brouwer_mean_motion_rad_min(no_kozai_rad_min, ecco, inclo_rad);
    let ao = (xke / no).powf(X2O3);
    let sinio = inclo_rad.sin();
    let po = ao * omeosq;
    let con42 = 1.0 - 5.0 * cosio2;
    let con41 = -con42 - cosio2 - cosio2;
    let posq = po * po;
    let rp = ao * (1.0 - ecco);
    let gsto = gstime_rad(epoch_days + JD_1950);

    // ---- atmospheric density: s and (q₀ − s)⁴ adjusted for low perigees ----
    // s = 78 km above the surface, (q₀ − s)⁴ with q₀ = 120 km; below a 156 km perigee
    // s = perigee − 78 km, floored at 20 km below a 98 km perigee.
    let ss = 78.0 / radius_km + 1.0;
    let qzms2ttemp = (120.0 - 78.0) / radius_km;
    let qzms2t = qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp;
    let simple_drag = rp < 220.0 / radius_km + 1.0;
    let mut sfour = ss;
    let mut qzms24 = qzms2t;
    let perige_km = (rp - 1.0) * radius_km;
    if perige_km < 156.0 {
        sfour = perige_km - 78.0;
        if perige_km < 98.0 {
            sfour = 20.0;
        }
        let qzms24temp = (120.0 - sfour) / radius_km;
        qzms24 = qzms24temp * qzms24temp * qzms24temp * qzms24temp;
        sfour = sfour / radius_km + 1.0;
    }

    // ---- drag coefficients C₁ … C₅ (Hoots & Roehrich 1980, eqs. for SGP4) ----
    // ξ = 1/(a₀ − s), η = a₀ e₀ ξ, C₂ = (q₀ − s)⁴ ξ⁴ n₀″ (1 − η²)^(−7/2)
    //   · [a₀ (1 + 3/2 η² + 4 e₀η + e₀η³) + 3/2 J₂ ξ/(1 − η²) (3cos²i − 1)(8 + 24η² + 3η⁴)/4],
    // C₁ = B* C₂.
    let pinvsq = 1.0 / posq;
    let tsi = 1.0 / (ao - sfour);
    let eta = ao * ecco * tsi;
    let etasq = eta * eta;
    let eeta = ecco * eta;
    let psisq = (1.0 - etasq).abs();
    let coef = qzms24 * tsi.powf(4.0);
    let coef1 = coef / psisq.powf(3.5);
    let cc2 = coef1
        * no
        * (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq))
            + 0.375 * j2 * tsi / psisq * con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)));
    let cc1 = bstar * cc2;
    // C₃ = −2 (q₀ − s)⁴ ξ⁵ (J₃/J₂) n₀″ sin i₀ / e₀, dropped for e₀ ≤ 1e-4.
    let cc3 = if ecco > 1.0e-4 {
        -2.0 * coef * tsi * j3oj2 * no * sinio / ecco
    } else {
        0.0
    };
    let x1mth2 = 1.0 - cosio2;
    let cc4 = 2.0
        * no
        * coef1
        * ao
        * omeosq
        * (eta * (2.0 + 0.5 * etasq) + ecco * (0.5 + 2.0 * etasq)
            - j2 * tsi / (ao * psisq)
                * (-3.0 * con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta))
                    + 0.75
                        * x1mth2
                        * (2.0 * etasq - eeta * (1.0 + etasq))
                        * (2.0 * argpo_rad).cos()));
    let cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq);

    // ---- secular rates from J₂ (to second order) and J₄ ----
    // Ṁ = n₀″ [1 + 3/4 J₂ √(1−e²)(3cos²i − 1)/p² + 3/64 J₂² √(1−e²)(13 − 78cos²i + 137cos⁴i)/p⁴]
    // ω̇ = n₀″ [−3/4 J₂ (1 − 5cos²i)/p² + 3/64 J₂² (7 − 114cos²i + 395cos⁴i)/p⁴
    //          − 15/32 J₄ (3 − 36cos²i + 49cos⁴i)/p⁴]   (radii and J's normalised)
    // Ω̇ = n₀″ [−3/2 J₂ cos i/p² + (3/8 J₂² (4 − 19cos²i) − 15/16 J₄ (3 − 7cos²i)) cos i/p⁴]
    let cosio4 = cosio2 * cosio2;
    let temp1 = 1.5 * j2 * pinvsq * no;
    let temp2 = 0.5 * temp1 * j2 * pinvsq;
    let temp3 = -0.46875 * j4 * pinvsq * pinvsq * no;
    let mdot = no
        + 0.5 * temp1 * rteosq * con41
        + 0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4);
    let argpdot = -0.5 * temp1 * con42
        + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4)
        + temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4);
    let xhdot1 = -temp1 * cosio;
    let nodedot =
        xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio;
    let xpidot = argpdot + nodedot;
    let omgcof = bstar * cc3 * argpo_rad.cos();
    let xmcof = if ecco > 1.0e-4 {
        -X2O3 * coef * bstar / eeta
    } else {
        0.0
    };
    // Drag on the node: ΔΩ = 7/2 (1 − e₀²) Ω̇₁ C₁ t², Ω̇₁ = −3/2 J₂ n₀″ cos i₀ / p₀².
    let nodecf = 3.5 * omeosq * xhdot1 * cc1;
    let t2cof = 1.5 * cc1;
    // Long-period J₃ terms: L += −1/4 (J₃/J₂) sin i (3 + 5cos i)/(1 + cos i) · aₓN/p,
    // aᵧN += −1/2 (J₃/J₂) sin i / p.
    let xlcof = if (cosio + 1.0).abs() > COS_I_GUARD {
        -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / (1.0 + cosio)
    } else {
        -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / COS_I_GUARD
    };
    let aycof = -0.5 * j3oj2 * sinio;
    let delmotemp = 1.0 + eta * mo_rad.cos();
    let delmo = delmotemp * delmotemp * delmotemp;
    let sinmao = mo_rad.sin();
    let x7thm1 = 7.0 * cosio2 - 1.0;

    let common = Common {
        no_unkozai_rad_min: no,
        ecco,
        inclo_rad,
        nodeo_rad,
        argpo_rad,
        mo_rad,
        bstar_per_er: bstar,
        mdot_rad_min: mdot,
        argpdot_rad_min: argpdot,
        nodedot_rad_min: nodedot,
        nodecf_rad_min2: nodecf,
        cc1_per_min: cc1,
        cc4_per_min: cc4,
        t2cof_per_min2: t2cof,
        xlcof,
        aycof,
        con41,
        x1mth2,
        x7thm1,
    };

    // Period 2π/n₀″ of 225 min or more: deep space.
    if TWO_PI / no >= 225.0 {
        let ds = dscom(epoch_days, ecco, argpo_rad, inclo_rad, nodeo_rad, no);
        // dpper at initialisation (init = 'y') leaves the elements unchanged in the improved
        // mode, so it is not called.
        let (secular, resonance) = dsinit(
            &ds,
            &DsinitInputs {
                xke,
                argpo: argpo_rad,
                gsto,
                mo: mo_rad,
                mdot,
                no,
                nodeo: nodeo_rad,
                nodedot,
                xpidot,
                ecco,
                eccsq,
                inclo: inclo_rad,
            },
        );
        let regime = Regime::DeepSpace(DeepSpace {
            gsto_rad: gsto,
            periodics: ds.periodics,
            secular,
            resonance,
        });
        return (common, regime);
    }

    if simple_drag {
        return (common, Regime::NearEarth(NearEarthDrag::Simple));
    }

    // ---- higher-order drag: D₂ = 4 a₀ ξ C₁², D₃ = 4/3 a₀ ξ² (17 a₀ + s) C₁³,
    //      D₄ = 2/3 a₀² ξ³ (221 a₀ + 31 s) C₁⁴, and the t³…t⁵ mean-longitude terms ----
    let cc1sq = cc1 * cc1;
    let d2 = 4.0 * ao * tsi * cc1sq;
    let temp = d2 * tsi * cc1 / 3.0;
    let d3 = (17.0 * ao + sfour) * temp;
    let d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * cc1;
    let t3cof = d2 + 2.0 * cc1sq;
    let t4cof = 0.25 * (3.0 * d3 + cc1 * (12.0 * d2 + 10.0 * cc1sq));
    let t5cof =
        0.2 * (3.0 * d4 + 12.0 * cc1 * d3 + 6.0 * d2 * d2 + 15.0 * cc1sq * (2.0 * d2 + cc1sq));
    let full = FullDrag {
        eta,
        omgcof_rad_min: omgcof,
        xmcof,
        delmo,
        sinmao,
        cc5,
        d2,
        d3,
        d4,
        t3cof,
        t4cof,
        t5cof,
    };
    (common, Regime::NearEarth(NearEarthDrag::Full(full)))
}

/// What `dscom` computes that `dsinit` needs, besides the periodic coefficients.
struct Dscom {
    periodics: LunarSolarPeriodics,
    sinim: f64,
    cosim: f64,
    emsq: f64,
    s1: f64,
    s2: f64,
    s3: f64,
    s4: f64,
    s5: f64,
    ss1: f64,
    ss2: f64,
    ss3: f64,
    ss4: f64,
    ss5: f64,
    sz1: f64,
    sz3: f64,
    sz11: f64,
    sz13: f64,
    sz21: f64,
    sz23: f64,
    sz31: f64,
    sz33: f64,
    z1: f64,
    z3: f64,
    z11: f64,
    z13: f64,
    z21: f64,
    z23: f64,
    z31: f64,
    z33: f64,
}

/// Lunar-solar terms common to the secular and periodic deep-space effects (`dscom`), at
/// epoch (tc = 0). The Sun is on a fixed orbit (inclination to the equator 23.44°); the
/// Moon's node regresses with `xnodce = 4.5236020 − 9.2422029e-4 d` (d in days from
/// 1900-01-00.5).
fn dscom(epoch_days: f64, ep: f64, argpp: f64, inclp: f64, nodep: f64, np: f64) -> Dscom {
    const ZES: f64 = 0.01675;
    const ZEL: f64 = 0.05490;
    const C1SS: f64 = 2.9864797e-6;
    const C1L: f64 = 4.7968065e-7;
    const ZSINIS: f64 = 0.39785416;
    const ZCOSIS: f64 = 0.91744867;
    const ZCOSGS: f64 = 0.1945905;
    const ZSINGS: f64 = -0.98088458;
    let tc = 0.0;

    let nm = np;
    let em = ep;
    let snodm = nodep.sin();
    let cnodm = nodep.cos();
    let sinomm = argpp.sin();
    let cosomm = argpp.cos();
    let sinim = inclp.sin();
    let cosim = inclp.cos();
    let emsq = em * em;
    let betasq = 1.0 - emsq;
    let rtemsq = betasq.sqrt();

    // ---- lunar orbit orientation at epoch ----
    let day = epoch_days + 18261.5 + tc / 1440.0;
    let xnodce = (4.5236020 - 9.2422029e-4 * day) % TWO_PI;
    let stem = xnodce.sin();
    let ctem = xnodce.cos();
    let zcosil = 0.91375164 - 0.03568096 * ctem;
    let zsinil = (1.0 - zcosil * zcosil).sqrt();
    let zsinhl = 0.089683511 * stem / zsinil;
    let zcoshl = (1.0 - zsinhl * zsinhl).sqrt();
    let gam = 5.8351514 + 0.0019443680 * day;
    let zx = 0.39785416 * stem / zsinil;
    let zy = zcoshl * ctem + 0.91744867 * zsinhl * stem;
    let zx = zx.atan2(zy);
    let zx = gam + zx - xnodce;
    let zcosgl = zx.cos();
    let zsingl = zx.sin();

    // ---- the two passes: first the Sun (lsflg = 1), then the Moon ----
    let mut zcosg = ZCOSGS;
    let mut zsing = ZSINGS;
    let mut zcosi = ZCOSIS;
    let mut zsini = ZSINIS;
    let mut zcosh = cnodm;
    let mut zsinh = snodm;
    let mut cc = C1SS;
    let xnoi = 1.0 / nm;

    // Solar results kept from the first pass: (s1..s7, z1..z33).
    let mut solar = [0.0f64; 19];
    let mut lunar = [0.0f64; 19];
    for pass in 0..2 {
        let a1 = zcosg * zcosh + zsing * zcosi * zsinh;
        let a3 = -zsing * zcosh + zcosg * zcosi * zsinh;
        let a7 = -zcosg * zsinh + zsing * zcosi * zcosh;
        let a8 = zsing * zsini;
        let a9 = zsing * zsinh + zcosg * zcosi * zcosh;
        let a10 = zcosg * zsini;
        let a2 = cosim * a7 + sinim * a8;
        let a4 = cosim * a9 + sinim * a10;
        let a5 = -sinim * a7 + cosim * a8;
        let a6 = -sinim * a9 + cosim * a10;

        let x1 = a1 * cosomm + a2 * sinomm;
        let x2 = a3 * cosomm + a4 * sinomm;
        let x3 = -a1 * sinomm + a2 * cosomm;
        let x4 = -a3 * sinomm + a4 * cosomm;
        let x5 = a5 * sinomm;
        let x6 = a6 * sinomm;
        let x7 = a5 * cosomm;
        let x8 = a6 * cosomm;

        let z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3;
        let z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4;
        let z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4;
        let mut z1 = 3.0 * (a1 * a1 + a2 * a2) + z31 * emsq;
        let mut z2 = 6.0 * (a1 * a3 + a2 * a4) + z32 * emsq;
        let mut z3 = 3.0 * (a3 * a3 + a4 * a4) + z33 * emsq;
        let z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5);
        let z12 = -6.0 * (a1 * a6 + a3 * a5)
            + emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5));
        let z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6);
        let z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7);
        let z22 = 6.0 * (a4 * a5 + a2 * a6)
            + emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8));
        let z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8);
        z1 = z1 + z1 + betasq * z31;
        z2 = z2 + z2 + betasq * z32;
        z3 = z3 + z3 + betasq * z33;
        let s3 = cc * xnoi;
        let s2 = -0.5 * s3 / rtemsq;
        let s4 = s3 * rtemsq;
        let s1 = -15.0 * em * s4;
        let s5 = x1 * x3 + x2 * x4;
        let s6 = x2 * x3 + x1 * x4;
        let s7 = x2 * x4 - x1 * x3;
        let out = [
            s1, s2, s3, s4, s5, s6, s7, z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33,
        ];
        if pass == 0 {
            solar = out;
            // Switch to the Moon for the second pass.
            zcosg = zcosgl;
            zsing = zsingl;
            zcosi = zcosil;
            zsini = zsinil;
            zcosh = zcoshl * cnodm + zsinhl * snodm;
            zsinh = snodm * zcoshl - cnodm * zsinhl;
            cc = C1L;
        } else {
            lunar = out;
        }
    }
    let [ss1, ss2, ss3, ss4, ss5, ss6, ss7, sz1, sz2, sz3, sz11, sz12, sz13, sz21, sz22, sz23, sz31, sz32, sz33] =
        solar;
    let [s1, s2, s3, s4, s5, s6, s7, z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33] =
        lunar;

    // Mean anomalies of the Moon and the Sun at epoch.
    let zmol = (4.7199672 + 0.22997150 * day - gam) % TWO_PI;
    let zmos = (6.2565837 + 0.017201977 * day) % TWO_PI;

    let periodics = LunarSolarPeriodics {
        // solar terms
        se2: 2.0 * ss1 * ss6,
        se3: 2.0 * ss1 * ss7,
        si2: 2.0 * ss2 * sz12,
        si3: 2.0 * ss2 * (sz13 - sz11),
        sl2: -2.0 * ss3 * sz2,
        sl3: -2.0 * ss3 * (sz3 - sz1),
        sl4: -2.0 * ss3 * (-21.0 - 9.0 * emsq) * ZES,
        sgh2: 2.0 * ss4 * sz32,
        sgh3: 2.0 * ss4 * (sz33 - sz31),
        sgh4: -18.0 * ss4 * ZES,
        sh2: -2.0 * ss2 * sz22,
        sh3: -2.0 * ss2 * (sz23 - sz21),
        // lunar terms
        ee2: 2.0 * s1 * s6,
        e3: 2.0 * s1 * s7,
        xi2: 2.0 * s2 * z12,
        xi3: 2.0 * s2 * (z13 - z11),
        xl2: -2.0 * s3 * z2,
        xl3: -2.0 * s3 * (z3 - z1),
        xl4: -2.0 * s3 * (-21.0 - 9.0 * emsq) * ZEL,
        xgh2: 2.0 * s4 * z32,
        xgh3: 2.0 * s4 * (z33 - z31),
        xgh4: -18.0 * s4 * ZEL,
        xh2: -2.0 * s2 * z22,
        xh3: -2.0 * s2 * (z23 - z21),
        zmol_rad: zmol,
        zmos_rad: zmos,
    };
    Dscom {
        periodics,
        sinim,
        cosim,
        emsq,
        s1,
        s2,
        s3,
        s4,
        s5,
        ss1,
        ss2,
        ss3,
        ss4,
        ss5,
        sz1,
        sz3,
        sz11,
        sz13,
        sz21,
        sz23,
        sz31,
        sz33,
        z1,
        z3,
        z11,
        z13,
        z21,
        z23,
        z31,
        z33,
    }
}

/// Epoch quantities `dsinit` needs besides the `dscom` results.
struct DsinitInputs {
    xke: f64,
    argpo: f64,
    gsto: f64,
    mo: f64,
    mdot: f64,
    no: f64,
    nodeo: f64,
    nodedot: f64,
    xpidot: f64,
    ecco: f64,
    eccsq: f64,
    inclo: f64,
}

/// Deep-space secular rates and resonance constants (`dsinit`), at epoch (t = tc = 0).
fn dsinit(ds: &Dscom, inp: &DsinitInputs) -> (DeepSecularRates, Resonance) {
    const Q22: f64 = 1.7891679e-6;
    const Q31: f64 = 2.1460748e-6;
    const Q33: f64 = 2.2123015e-7;
    const ROOT22: f64 = 1.7891679e-6;
    const ROOT44: f64 = 7.3636953e-9;
    const ROOT54: f64 = 2.1765803e-9;
    const ROOT32: f64 = 3.7393792e-7;
    const ROOT52: f64 = 1.1428639e-7;
    const ZNL: f64 = 1.5835218e-4;
    const ZNS: f64 = 1.19459e-5;
    /// Within 3° of the equator the node rates are set to zero (their 1/sin i blows up).
    const NEAR_EQUATORIAL_RAD: f64 = 5.2359877e-2;

    let Dscom {
        sinim,
        cosim,
        emsq,
        s1,
        s2,
        s3,
        s4,
        s5,
        ss1,
        ss2,
        ss3,
        ss4,
        ss5,
        sz1,
        sz3,
        sz11,
        sz13,
        sz21,
        sz23,
        sz31,
        sz33,
        z1,
        z3,
        z11,
        z13,
        z21,
        z23,
        z31,
        z33,
        ..
    } = *ds;
    let nm = inp.no;
    let em = inp.ecco;
    let inclm = inp.inclo;

    // ---- resonance class ----
    let irez = if 0.0034906585 < nm && nm < 0.0052359877 {
        1
    } else if (8.26e-3..=9.24e-3).contains(&nm) && em >= 0.5 {
        2
    } else {
        0
    };

    // ---- solar secular rates ----
    let ses = ss1 * ZNS * ss5;
    let sis = ss2 * ZNS * (sz11 + sz13);
    let sls = -ZNS * ss3 * (sz1 + sz3 - 14.0 - 6.0 * emsq);
    let sghs = ss4 * ZNS * (sz31 + sz33 - 6.0);
    let near_equatorial = !(NEAR_EQUATORIAL_RAD..=PI - NEAR_EQUATORIAL_RAD).contains(&inclm);
    let mut shs = -ZNS * ss2 * (sz21 + sz23);
    if near_equatorial {
        shs = 0.0;
    }
    if sinim != 0.0 {
        shs /= sinim;
    }
    let sgs = sghs - cosim * shs;

    // ---- lunar secular rates ----
    let dedt = ses + s1 * ZNL * s5;
    let didt = sis + s2 * ZNL * (z11 + z13);
    let dmdt = sls - ZNL * s3 * (z1 + z3 - 14.0 - 6.0 * emsq);
    let sghl = s4 * ZNL * (z31 + z33 - 6.0);
    let mut shll = -ZNL * s2 * (z21 + z23);
    if near_equatorial {
        shll = 0.0;
    }
    let mut domdt = sgs + sghl;
    let mut dnodt = shs;
    if sinim != 0.0 {
        domdt -= cosim / sinim * shll;
        dnodt += shll / sinim;
    }
    let secular = DeepSecularRates {
        dedt_per_min: dedt,
        didt_rad_min: didt,
        dmdt_rad_min: dmdt,
        dnodt_rad_min: dnodt,
        domdt_rad_min: domdt,
    };

    // Sidereal time at epoch: θ = (θ_g0 + ω⊕ tc) mod 2π with tc = 0.
    let theta = inp.gsto % TWO_PI;
    if irez == 0 {
        return (secular, Resonance::None);
    }
    let aonv = (nm / inp.xke).powf(X2O3);

    if irez == 2 {
        // ---- 12-hour resonance: the G and F functions of the D_lmpq coefficients ----
        let cosisq = cosim * cosim;
        let em = inp.ecco;
        let emsq = inp.eccsq;
        let eoc = em * emsq;
        let g201 = -0.306 - (em - 0.64) * 0.440;
        let (g211, g310, g322, g410, g422, g520);
        if em <= 0.65 {
            g211 = 3.616 - 13.2470 * em + 16.2900 * emsq;
            g310 = -19.302 + 117.3900 * em - 228.4190 * emsq + 156.5910 * eoc;
            g322 = -18.9068 + 109.7927 * em - 214.6334 * emsq + 146.5816 * eoc;
            g410 = -41.122 + 242.6940 * em - 471.0940 * emsq + 313.9530 * eoc;
            g422 = -146.407 + 841.8800 * em - 1629.014 * emsq + 1083.4350 * eoc;
            g520 = -532.114 + 3017.977 * em - 5740.032 * emsq + 3708.2760 * eoc;
        } else {
            g211 = -72.099 + 331.819 * em - 508.738 * emsq + 266.724 * eoc;
            g310 = -346.844 + 1582.851 * em - 2415.925 * emsq + 1246.113 * eoc;
            g322 = -342.585 + 1554.908 * em - 2366.899 * emsq + 1215.972 * eoc;
            g410 = -1052.797 + 4758.686 * em - 7193.992 * emsq + 3651.957 * eoc;
            g422 = -3581.690 + 16178.110 * em - 24462.770 * emsq + 12422.520 * eoc;
            g520 = if em > 0.715 {
                -5149.66 + 29936.92 * em - 54087.36 * emsq + 31324.56 * eoc
            } else {
                1464.74 - 4664.75 * em + 3763.64 * emsq
            };
        }
        let (g533, g521, g532);
        if em < 0.7 {
            g533 = -919.22770 + 4988.6100 * em - 9064.7700 * emsq + 5542.21 * eoc;
            g521 = -822.71072 + 4568.6173 * em - 8491.4146 * emsq + 5337.524 * eoc;
            g532 = -853.66600 + 4690.2500 * em - 8624.7700 * emsq + 5341.4 * eoc;
        } else {
            g533 = -37995.780 + 161616.52 * em - 229838.20 * emsq + 109377.94 * eoc;
            g521 = -51752.104 + 218913.95 * em - 309468.16 * emsq + 146349.42 * eoc;
            g532 = -40023.880 + 170470.89 * em - 242699.48 * emsq + 115605.82 * eoc;
        }

        let sini2 = sinim * sinim;
        let f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq);
        let f221 = 1.5 * sini2;
        let f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq);
        let f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq);
        let f441 = 35.0 * sini2 * f220;
        let f442 = 39.3750 * sini2 * sini2;
        let f522 = 9.84375
            * sinim
            * (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq)
                + 0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq));
        let f523 = sinim
            * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq)
                + 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq));
        let f542 =
            29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq));
        let f543 =
            29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq));

        // D_lmpq = (3 n² / a^l) F_lmp G_lpq √(C²+S²) with the geopotential roots.
        let xno2 = nm * nm;
        let ainv2 = aonv * aonv;
        let mut temp1 = 3.0 * xno2 * ainv2;
        let mut temp = temp1 * ROOT22;
        let d2201 = temp * f220 * g201;
        let d2211 = temp * f221 * g211;
        temp1 *= aonv;
        temp = temp1 * ROOT32;
        let d3210 = temp * f321 * g310;
        let d3222 = temp * f322 * g322;
        temp1 *= aonv;
        temp = 2.0 * temp1 * ROOT44;
        let d4410 = temp * f441 * g410;
        let d4422 = temp * f442 * g422;
        temp1 *= aonv;
        temp = temp1 * ROOT52;
        let d5220 = temp * f522 * g520;
        let d5232 = temp * f523 * g532;
        temp = 2.0 * temp1 * ROOT54;
        let d5421 = temp * f542 * g521;
        let d5433 = temp * f543 * g533;
        // λ = M + 2Ω − 2θ, λ̇ − n = Ṁ + dM/dt + 2(Ω̇ + dΩ/dt − ω⊕) − n₀″
        let xlamo = (inp.mo + inp.nodeo + inp.nodeo - theta - theta) % TWO_PI;
        let xfact = inp.mdot + dmdt + 2.0 * (inp.nodedot + dnodt - RPTIM_RAD_MIN) - inp.no;
        return (
            secular,
            Resonance::HalfDay(HalfDayResonance {
                d2201,
                d2211,
                d3210,
                d3222,
                d4410,
                d4422,
                d5220,
                d5232,
                d5421,
                d5433,
                xfact_rad_min: xfact,
                xlamo_rad: xlamo,
            }),
        );
    }

    // ---- 24-hour resonance ----
    let g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq);
    let g310 = 1.0 + 2.0 * emsq;
    let g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq);
    let f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
    let f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim);
    let f330 = 1.0 + cosim;
    let f330 = 1.875 * f330 * f330 * f330;
    let del1 = 3.0 * nm * nm * aonv * aonv;
    let del2 = 2.0 * del1 * f220 * g200 * Q22;
    let del3 = 3.0 * del1 * f330 * g300 * Q33 * aonv;
    let del1 = del1 * f311 * g310 * Q31 * aonv;
    // λ = M + Ω + ω − θ, λ̇ − n = Ṁ + ϖ̇ − ω⊕ + dM/dt + dω/dt + dΩ/dt − n₀″
    let xlamo = (inp.mo + inp.nodeo + inp.argpo - theta) % TWO_PI;
    let xfact = inp.mdot + inp.xpidot - RPTIM_RAD_MIN + dmdt + domdt + dnodt - inp.no;
    (
        secular,
        Resonance::OneDay(OneDayResonance {
            del1,
            del2,
            del3,
            xfact_rad_min: xfact,
            xlamo_rad: xlamo,
        }),
    )
}
