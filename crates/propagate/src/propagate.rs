//! Propagation: `sgp4`, `dspace` and `dpper` of Vallado et al. (2006), improved mode.
//!
//! Each call starts from the constants of initialisation alone. The deep-space resonance
//! integrator restarts from epoch every call: the reference keeps its state between calls
//! but restarts whenever a call goes backwards or crosses epoch, and because its fixed
//! 720-min steps from epoch are the same steps either way, restarting gives the same numbers
//! bit for bit while keeping `propagate` free of hidden state.

use std::f64::consts::PI;

use crate::error::{Sgp4Error, Sgp4ErrorKind};
use crate::init::{COS_I_GUARD, RPTIM_RAD_MIN};
use crate::model::{
    Common, DeepSpace, HalfDayResonance, LunarSolarPeriodics, NearEarthDrag, OneDayResonance,
    Regime, Resonance, Sgp4,
};
use crate::wgs72::{J2, J3OJ2, RADIUS_KM, VKMPERSEC, XKE_PER_MIN};

const TWO_PI: f64 = 2.0 * PI;
const X2O3: f64 = 2.0 / 3.0;

/// The mean orbit of [`Sgp4::mean_orbit`]: km and rad.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanOrbit {
    /// Semi-major axis, km.
    pub a_km: f64,
    /// Eccentricity.
    pub e: f64,
    /// Inclination, rad (0..π).
    pub inclination_rad: f64,
    /// Right ascension of the ascending node, rad (reduced modulo 2π).
    pub raan_rad: f64,
    /// Argument of perigee, rad (reduced modulo 2π).
    pub arg_perigee_rad: f64,
    /// Mean anomaly, rad, not reduced: continuous in time.
    pub mean_anomaly_rad: f64,
    /// Mean motion, rad/min.
    pub mean_motion_rad_min: f64,
}

/// The mean state `propagate` continues from (see `Sgp4::mean_state`): semi-major axis in
/// earth radii, mean motion in rad/min, angles in rad.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MeanState {
    pub am: f64,
    pub nm: f64,
    pub inclm: f64,
    pub ep: f64,
    pub xincp: f64,
    pub nodep: f64,
    pub argpp: f64,
    pub mp: f64,
    /// `mp` without the reductions modulo 2π: continuous in time.
    pub mp_unwrapped: f64,
}

/// Mean elements as they evolve through one call, rad and rad/min.
#[derive(Debug, Clone, Copy)]
struct MeanElements {
    em: f64,
    argpm: f64,
    inclm: f64,
    mm: f64,
    nodem: f64,
    nm: f64,
}

impl Sgp4 {
    /// TEME position (km) and velocity (km/s) at `tsince_min` minutes from the element epoch.
    ///
    /// Errors are those of the reference for this time alone (codes 1, 2, 3, 4, 6; see
    /// [`Sgp4ErrorKind`]); a state that is not finite is refused with
    /// [`Sgp4ErrorKind::NonFinite`] where the reference would return it without a code.
    pub fn propagate(&self, tsince_min: f64) -> Result<([f64; 3], [f64; 3]), Sgp4Error> {
        let t = tsince_min;
        let err = |kind| Err(Sgp4Error::new(kind, t));
        if !t.is_finite() {
            return err(Sgp4ErrorKind::NonFinite);
        }
        let c: &Common = &self.common;
        let deep = match &self.regime {
            Regime::DeepSpace(ds) => Some(ds),
            Regime::NearEarth(_) => None,
        };
        let MeanState {
            am,
            nm,
            inclm,
            ep,
            xincp,
            nodep,
            argpp,
            mp,
            ..
        } = self.mean_state(t)?;

        let mut sinip = inclm.sin();
        let mut cosip = inclm.cos();
        let (mut aycof, mut xlcof) = (c.aycof, c.xlcof);
        let (mut con41, mut x1mth2, mut x7thm1) = (c.con41, c.x1mth2, c.x7thm1);
        if deep.is_some() {
            // The J₃ long-period coefficients follow the perturbed inclination.
            sinip = xincp.sin();
            cosip = xincp.cos();
            aycof = -0.5 * J3OJ2 * sinip;
            xlcof = if (cosip + 1.0).abs() > COS_I_GUARD {
                -0.25 * J3OJ2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip)
            } else {
                -0.25 * J3OJ2 * sinip * (3.0 + 5.0 * cosip) / COS_I_GUARD
            };
        }

        // ---- long-period periodics (J₃) ----
        // aₓN = e cos ω, aᵧN = e sin ω + aycof/p, L = M + ω + Ω + xlcof aₓN / p
        let axnl = ep * argpp.cos();
        let temp = 1.0 / (am * (1.0 - ep * ep));
        let aynl = ep * argpp.sin() + temp * aycof;
        let xl = mp + argpp + nodep + temp * xlcof * axnl;

        // ---- Kepler's equation for E + ω: U = L − Ω,
        // (E+ω)ᵢ₊₁ = (E+ω)ᵢ + Δ, Δ = (U − aᵧN cos + aₓN sin − (E+ω)ᵢ) / (1 − aₓN cos − aᵧN sin),
        // |Δ| ≤ 0.95, at most 10 iterations, stop when |Δ| < 1e-12 ----
        let u = (xl - nodep) % TWO_PI;
        let mut eo1 = u;
        let mut tem5: f64 = 9999.9;
        let mut ktr = 1;
        let (mut sineo1, mut coseo1) = (0.0, 0.0);
        while tem5.abs() >= 1.0e-12 && ktr <= 10 {
            sineo1 = eo1.sin();
            coseo1 = eo1.cos();
            tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl;
            tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5;
            if tem5.abs() >= 0.95 {
                tem5 = if tem5 > 0.0 { 0.95 } else { -0.95 };
            }
            eo1 += tem5;
            ktr += 1;
        }

        // ---- short-period preliminaries ----
        let ecose = axnl * coseo1 + aynl * sineo1;
        let esine = axnl * sineo1 - aynl * coseo1;
        let el2 = axnl * axnl + aynl * aynl;
        let pl = am * (1.0 - el2);
        if pl < 0.0 {
            return err(Sgp4ErrorKind::SemiLatusRectum(pl));
        }
        // r = a (1 − e cos E), ṙ = √a e sin E / r, rḟ = √p / r, u from sin u and cos u.
        let rl = am * (1.0 - ecose);
        let rdotl = am.sqrt() * esine / rl;
        let rvdotl = pl.sqrt() / rl;
        let betal = (1.0 - el2).sqrt();
        let temp = esine / (1.0 + betal);
        let sinu = am / rl * (sineo1 - aynl - axnl * temp);
        let cosu = am / rl * (coseo1 - axnl + aynl * temp);
        let su = sinu.atan2(cosu);
        let sin2u = (cosu + cosu) * sinu;
        let cos2u = 1.0 - 2.0 * sinu * sinu;
        let temp = 1.0 / pl;
        let temp1 = 0.5 * J2 * temp;
        let temp2 = temp1 * temp;

        // ---- short-period periodics (J₂) ----
        if deep.is_some() {
            let cosisq = cosip * cosip;
            con41 = 3.0 * cosisq - 1.0;
            x1mth2 = 1.0 - cosisq;
            x7thm1 = 7.0 * cosisq - 1.0;
        }
        // r_k = r [1 − 3/2 k₂ √(1−e_L²)/p_L² (3cos²i − 1)] + 1/2 k₂/p_L (1 − cos²i) cos 2u
        // u_k = u − 1/4 k₂/p_L² (7cos²i − 1) sin 2u
        // Ω_k = Ω + 3/2 k₂/p_L² cos i sin 2u,  i_k = i + 3/2 k₂/p_L² cos i sin i cos 2u
        // ṙ_k = ṙ − n k₂/p_L (1 − cos²i) sin 2u / kₑ
        // rḟ_k = rḟ + n k₂/p_L [(1 − cos²i) cos 2u + 3/2 (3cos²i − 1)] / kₑ
        let mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
        let su = su - 0.25 * temp2 * x7thm1 * sin2u;
        let xnode = nodep + 1.5 * temp2 * cosip * sin2u;
        let xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u;
        let mvt = rdotl - nm * temp1 * x1mth2 * sin2u / XKE_PER_MIN;
        let rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / XKE_PER_MIN;

        // ---- orientation: U (radial) and V (transverse) unit vectors in TEME ----
        let sinsu = su.sin();
        let cossu = su.cos();
        let snod = xnode.sin();
        let cnod = xnode.cos();
        let sini = xinc.sin();
        let cosi = xinc.cos();
        let xmx = -snod * cosi;
        let xmy = cnod * cosi;
        let ux = xmx * sinsu + cnod * cossu;
        let uy = xmy * sinsu + snod * cossu;
        let uz = sini * sinsu;
        let vx = xmx * cossu - cnod * sinsu;
        let vy = xmy * cossu - snod * sinsu;
        let vz = sini * cossu;

        // r = r_k U aₑ (km), v = (ṙ_k U + rḟ_k V) aₑkₑ/60 (km/s)
        let r_km = [
            (mrt * ux) * RADIUS_KM,
            (mrt * uy) * RADIUS_KM,
            (mrt * uz) * RADIUS_KM,
        ];
        let v_km_s = [
            (mvt * ux + rvdot * vx) * VKMPERSEC,
            (mvt * uy + rvdot * vy) * VKMPERSEC,
            (mvt * uz + rvdot * vz) * VKMPERSEC,
        ];
        if mrt < 1.0 {
            return err(Sgp4ErrorKind::Decayed(mrt));
        }
        if r_km.iter().chain(v_km_s.iter()).any(|x| !x.is_finite()) {
            return err(Sgp4ErrorKind::NonFinite);
        }
        Ok((r_km, v_km_s))
    }

    /// The mean orbit of the theory at `tsince_min` minutes from epoch: the elements SGP4/SDP4
    /// carries before its J₃ long-period and J₂ short-period terms (secular gravity and drag,
    /// and in deep space the lunar-solar terms and resonances). The osculating SGP4 position
    /// stays within those periodic terms (kilometres in low orbit) of the Keplerian position
    /// of these elements, which screening filters use to bound where an object can be.
    pub fn mean_orbit(&self, tsince_min: f64) -> Result<MeanOrbit, Sgp4Error> {
        if !tsince_min.is_finite() {
            return Err(Sgp4Error::new(Sgp4ErrorKind::NonFinite, tsince_min));
        }
        let m = self.mean_state(tsince_min)?;
        Ok(MeanOrbit {
            a_km: m.am * RADIUS_KM,
            e: m.ep,
            inclination_rad: m.xincp,
            raan_rad: m.nodep,
            arg_perigee_rad: m.argpp,
            mean_anomaly_rad: m.mp_unwrapped,
            mean_motion_rad_min: m.nm,
        })
    }

    /// The mean elements of the theory at `t` minutes from epoch: secular gravity and drag,
    /// and for deep space the lunar-solar secular and periodic terms and the resonances; no
    /// J₃ long-period and no J₂ short-period terms. `propagate` builds on exactly these.
    fn mean_state(&self, t: f64) -> Result<MeanState, Sgp4Error> {
        let err = |kind| Err(Sgp4Error::new(kind, t));
        let c: &Common = &self.common;

        // ---- secular gravity and atmospheric drag ----
        // M_DF = M₀ + Ṁ t, ω_DF = ω₀ + ω̇ t, Ω_DF = Ω₀ + Ω̇ t, Ω = Ω_DF + nodecf t²,
        // a-factor 1 − C₁t (− D₂t² − D₃t³ − D₄t⁴), e-drag B* C₄ t (+ B* C₅ (sin M − sin M₀)),
        // L-drag 3/2 C₁ t² (+ t3cof t³ + t⁴ (t4cof + t5cof t)).
        let xmdf = c.mo_rad + c.mdot_rad_min * t;
        let argpdf = c.argpo_rad + c.argpdot_rad_min * t;
        let nodedf = c.nodeo_rad + c.nodedot_rad_min * t;
        let t2 = t * t;
        let mut mean = MeanElements {
            em: c.ecco,
            argpm: argpdf,
            inclm: c.inclo_rad,
            mm: xmdf,
            nodem: nodedf + c.nodecf_rad_min2 * t2,
            nm: c.no_unkozai_rad_min,
        };
        let mut tempa = 1.0 - c.cc1_per_min * t;
        let mut tempe = c.bstar_per_er * c.cc4_per_min * t;
        let mut templ = c.t2cof_per_min2 * t2;

        if let Regime::NearEarth(NearEarthDrag::Full(d)) = &self.regime {
            // δω = B* C₃ cos ω₀ t, δM = −2/3 (q₀−s)⁴ B* ξ⁴/(e₀η) [(1 + η cos M_DF)³ − (1 + η cos M₀)³]
            let delomg = d.omgcof_rad_min * t;
            let delmtemp = 1.0 + d.eta * xmdf.cos();
            let delm = d.xmcof * (delmtemp * delmtemp * delmtemp - d.delmo);
            let temp = delomg + delm;
            mean.mm = xmdf + temp;
            mean.argpm = argpdf - temp;
            let t3 = t2 * t;
            let t4 = t3 * t;
            tempa = tempa - d.d2 * t2 - d.d3 * t3 - d.d4 * t4;
            tempe += c.bstar_per_er * d.cc5 * (mean.mm.sin() - d.sinmao);
            templ = templ + d.t3cof * t3 + t4 * (d.t4cof + t * d.t5cof);
        }

        let deep = match &self.regime {
            Regime::DeepSpace(ds) => {
                dspace(ds, c, t, &mut mean);
                Some(ds)
            }
            Regime::NearEarth(_) => None,
        };

        let MeanElements {
            mut em,
            mut argpm,
            inclm,
            mut mm,
            mut nodem,
            mut nm,
        } = mean;
        if nm <= 0.0 {
            return err(Sgp4ErrorKind::MeanMotion(nm));
        }
        // a = (kₑ/n)^(2/3) tempa², n = kₑ / a^(3/2), e = e₀ − tempe
        let am = (XKE_PER_MIN / nm).powf(X2O3) * tempa * tempa;
        nm = XKE_PER_MIN / am.powf(1.5);
        em -= tempe;
        // Written as the reference's comparisons: a NaN passes here (and is caught as
        // non-finite at the end) exactly where the reference lets it through.
        #[allow(clippy::manual_range_contains)]
        if em >= 1.0 || em < -0.001 {
            return err(Sgp4ErrorKind::MeanEccentricity(em));
        }
        // A floor that keeps the divisions by e of the short-period terms finite.
        if em < 1.0e-6 {
            em = 1.0e-6;
        }
        mm += c.no_unkozai_rad_min * templ;
        let mm_unwrapped = mm;
        let xlm = mm + argpm + nodem;
        // `%` is C's fmod: the sign follows the dividend, as in the reference.
        nodem %= TWO_PI;
        argpm %= TWO_PI;
        let xlm = xlm % TWO_PI;
        mm = (xlm - argpm - nodem) % TWO_PI;

        // ---- lunar-solar periodics (deep space) ----
        let mut ep = em;
        let mut xincp = inclm;
        let mut argpp = argpm;
        let mut nodep = nodem;
        let mut mp = mm;
        if let Some(ds) = deep {
            let p = dpper(&ds.periodics, t, ep, xincp, nodep, argpp, mp);
            (ep, xincp, nodep, argpp, mp) = p;
            if xincp < 0.0 {
                xincp = -xincp;
                nodep += PI;
                argpp -= PI;
            }
            if !(0.0..=1.0).contains(&ep) {
                return err(Sgp4ErrorKind::PerturbedEccentricity(ep));
            }
        }
        Ok(MeanState {
            am,
            nm,
            inclm,
            ep,
            xincp,
            nodep,
            argpp,
            mp,
            mp_unwrapped: mm_unwrapped + (mp - mm),
        })
    }
}

/// Deep-space secular effects (`dspace`): lunar-solar secular rates, then for resonant orbits
/// the numerical integration of the resonance angle λ and mean motion n from epoch in fixed
/// 720-min Euler–Maclaurin steps,
///
/// λᵢ₊₁ = λᵢ + λ̇ᵢ Δt + ṅᵢ Δt²/2,  nᵢ₊₁ = nᵢ + ṅᵢ Δt + n̈ᵢ Δt²/2,
///
/// finished by a Taylor step over the remaining `ft < 720` min.
fn dspace(ds: &DeepSpace, c: &Common, t: f64, mean: &mut MeanElements) {
    const STEPP: f64 = 720.0;
    const STEPN: f64 = -720.0;
    /// Δt²/2 for the 720-min step.
    const STEP2: f64 = 259_200.0;

    let s = &ds.secular;
    // θ = θ_g0 + ω⊕ t
    let theta = (ds.gsto_rad + t * RPTIM_RAD_MIN) % TWO_PI;
    mean.em += s.dedt_per_min * t;
    mean.inclm += s.didt_rad_min * t;
    mean.argpm += s.domdt_rad_min * t;
    mean.nodem += s.dnodt_rad_min * t;
    mean.mm += s.dmdt_rad_min * t;

    let xlamo = match &ds.resonance {
        Resonance::None => return,
        Resonance::OneDay(r) => r.xlamo_rad,
        Resonance::HalfDay(r) => r.xlamo_rad,
    };
    // (ṅ, λ̇, n̈) at the integrator's state.
    let rates = |xli: f64, xni: f64, atime: f64| match &ds.resonance {
        Resonance::HalfDay(r) => half_day_rates(r, c, xli, xni, atime),
        Resonance::OneDay(r) => one_day_rates(r, xli, xni),
        // Returned above; a zero rate keeps the arm total.
        Resonance::None => (0.0, xni, 0.0),
    };

    let no = c.no_unkozai_rad_min;
    let mut atime = 0.0;
    let mut xni = no;
    let mut xli = xlamo;
    let delt = if t > 0.0 { STEPP } else { STEPN };
    let (xndt, xldot, xnddt, ft) = loop {
        let (xndt, xldot, xnddt) = rates(xli, xni, atime);
        if (t - atime).abs() >= STEPP {
            xli = xli + xldot * delt + xndt * STEP2;
            xni = xni + xndt * delt + xnddt * STEP2;
            atime += delt;
        } else {
            break (xndt, xldot, xnddt, t - atime);
        }
    };
    let nm = xni + xndt * ft + xnddt * ft * ft * 0.5;
    let xl = xli + xldot * ft + xndt * ft * ft * 0.5;
    mean.mm = match ds.resonance {
        // λ = M + Ω + ω − θ
        Resonance::OneDay(_) => xl - mean.nodem - mean.argpm + theta,
        // λ = M + 2Ω − 2θ
        _ => xl - 2.0 * mean.nodem + 2.0 * theta,
    };
    let dndt = nm - no;
    mean.nm = no + dndt;
}

/// ṅ, λ̇ and n̈ of the 24-hour resonance:
/// ṅ = Σₖ δₖ sin(k(λ − λₖ)), λ̇ = n + xfact, n̈ = λ̇ Σₖ k δₖ cos(k(λ − λₖ)).
fn one_day_rates(r: &OneDayResonance, xli: f64, xni: f64) -> (f64, f64, f64) {
    const FASX2: f64 = 0.13130908;
    const FASX4: f64 = 2.8843198;
    const FASX6: f64 = 0.37448087;
    let xndt = r.del1 * (xli - FASX2).sin()
        + r.del2 * (2.0 * (xli - FASX4)).sin()
        + r.del3 * (3.0 * (xli - FASX6)).sin();
    let xldot = xni + r.xfact_rad_min;
    let xnddt = r.del1 * (xli - FASX2).cos()
        + 2.0 * r.del2 * (2.0 * (xli - FASX4)).cos()
        + 3.0 * r.del3 * (3.0 * (xli - FASX6)).cos();
    (xndt, xldot, xnddt * xldot)
}

/// ṅ, λ̇ and n̈ of the 12-hour resonance: ṅ = Σ D_lmpq sin((l−2p)ω + m/2 λ − G_lm) with
/// ω = ω₀ + ω̇ t at the integrator time, λ̇ = n + xfact, n̈ = λ̇ Σ m/2 D_lmpq cos(…).
fn half_day_rates(
    r: &HalfDayResonance,
    c: &Common,
    xli: f64,
    xni: f64,
    atime: f64,
) -> (f64, f64, f64) {
    const G22: f64 = 5.7686396;
    const G32: f64 = 0.95240898;
    const G44: f64 = 1.8014998;
    const G52: f64 = 1.0508330;
    const G54: f64 = 4.4108898;
    let xomi = c.argpo_rad + c.argpdot_rad_min * atime;
    let x2omi = xomi + xomi;
    let x2li = xli + xli;
    let xndt = r.d2201 * (x2omi + xli - G22).sin()
        + r.d2211 * (xli - G22).sin()
        + r.d3210 * (xomi + xli - G32).sin()
        + r.d3222 * (-xomi + xli - G32).sin()
        + r.d4410 * (x2omi + x2li - G44).sin()
        + r.d4422 * (x2li - G44).sin()
        + r.d5220 * (xomi + xli - G52).sin()
        + r.d5232 * (-xomi + xli - G52).sin()
        + r.d5421 * (xomi + x2li - G54).sin()
        + r.d5433 * (-xomi + x2li - G54).sin();
    let xldot = xni + r.xfact_rad_min;
    let xnddt = r.d2201 * (x2omi + xli - G22).cos()
        + r.d2211 * (xli - G22).cos()
        + r.d3210 * (xomi + xli - G32).cos()
        + r.d3222 * (-xomi + xli - G32).cos()
        + r.d5220 * (xomi + xli - G52).cos()
        + r.d5232 * (-xomi + xli - G52).cos()
        + 2.0
            * (r.d4410 * (x2omi + x2li - G44).cos()
                + r.d4422 * (x2li - G44).cos()
                + r.d5421 * (xomi + x2li - G54).cos()
                + r.d5433 * (-xomi + x2li - G54).cos());
    (xndt, xldot, xnddt * xldot)
}

/// One body's long-period terms (Sun or Moon) at its mean anomaly `zm` (rad), with `ze` the
/// eccentricity of its apparent orbit: f = M + 2e' sin M, F₂ = ½ sin²f − ¼, F₃ = −½ sin f cos f,
/// giving (δe, δi, δM, δω̃, δΩ sin i) from the coefficients of `dscom`.
#[inline]
fn body_periodics(
    zm: f64,
    ze: f64,
    e: [f64; 2],
    i: [f64; 2],
    l: [f64; 3],
    gh: [f64; 3],
    h: [f64; 2],
) -> [f64; 5] {
    let zf = zm + 2.0 * ze * zm.sin();
    let sinzf = zf.sin();
    let f2 = 0.5 * sinzf * sinzf - 0.25;
    let f3 = -0.5 * sinzf * zf.cos();
    [
        e[0] * f2 + e[1] * f3,
        i[0] * f2 + i[1] * f3,
        l[0] * f2 + l[1] * f3 + l[2] * sinzf,
        gh[0] * f2 + gh[1] * f3 + gh[2] * sinzf,
        h[0] * f2 + h[1] * f3,
    ]
}

/// Lunar-solar long-period periodics (`dpper`, init = 'n'), applied to the mean elements.
///
/// With the Sun's and Moon's mean anomalies M_s = zmos + n_s t, M_l = zmol + n_l t and
/// f = M + 2e' sin M, F₂ = ½ sin²f − ¼, F₃ = −½ sin f cos f, each body adds
/// δe = e₂F₂ + e₃F₃, δi = i₂F₂ + i₃F₃, δM = l₂F₂ + l₃F₃ + l₄ sin f, δω̃ = g₂F₂ + g₃F₃ + g₄ sin f,
/// δΩ sin i = h₂F₂ + h₃F₃. Below 0.2 rad of perturbed inclination the node and perigee are
/// updated through the Lyddane (1963) non-singular variables instead of dividing by sin i.
fn dpper(
    p: &LunarSolarPeriodics,
    t: f64,
    mut ep: f64,
    mut inclp: f64,
    mut nodep: f64,
    mut argpp: f64,
    mut mp: f64,
) -> (f64, f64, f64, f64, f64) {
    const ZNS: f64 = 1.19459e-5;
    const ZES: f64 = 0.01675;
    const ZNL: f64 = 1.5835218e-4;
    const ZEL: f64 = 0.05490;
    /// Inclination below which the Lyddane modification is used (GSFC choice: perturbed i).
    const LYDDANE_INCLINATION_RAD: f64 = 0.2;

    let [ses, sis, sls, sghs, shs] = body_periodics(
        p.zmos_rad + ZNS * t,
        ZES,
        [p.se2, p.se3],
        [p.si2, p.si3],
        [p.sl2, p.sl3, p.sl4],
        [p.sgh2, p.sgh3, p.sgh4],
        [p.sh2, p.sh3],
    );
    let [sel, sil, sll, sghl, shll] = body_periodics(
        p.zmol_rad + ZNL * t,
        ZEL,
        [p.ee2, p.e3],
        [p.xi2, p.xi3],
        [p.xl2, p.xl3, p.xl4],
        [p.xgh2, p.xgh3, p.xgh4],
        [p.xh2, p.xh3],
    );

    let pe = ses + sel;
    let pinc = sis + sil;
    let pl = sls + sll;
    let mut pgh = sghs + sghl;
    let mut ph = shs + shll;

    inclp += pinc;
    ep += pe;
    let sinip = inclp.sin();
    let cosip = inclp.cos();
    if inclp >= LYDDANE_INCLINATION_RAD {
        ph /= sinip;
        pgh -= cosip * ph;
        argpp += pgh;
        nodep += ph;
        mp += pl;
    } else {
        // α = sin i sin Ω, β = sin i cos Ω, perturbed directly, Ω = atan2(α, β); the mean
        // longitude ω + Ω cos i + M is perturbed as a whole and ω recovered from it.
        let sinop = nodep.sin();
        let cosop = nodep.cos();
        let mut alfdp = sinip * sinop;
        let mut betdp = sinip * cosop;
        let dalf = ph * cosop + pinc * cosip * sinop;
        let dbet = -ph * sinop + pinc * cosip * cosop;
        alfdp += dalf;
        betdp += dbet;
        nodep %= TWO_PI;
        let mut xls = mp + argpp + cosip * nodep;
        let dls = pl + pgh - pinc * nodep * sinip;
        xls += dls;
        let xnoh = nodep;
        nodep = alfdp.atan2(betdp);
        // Keep Ω on the same turn as before atan2.
        if (xnoh - nodep).abs() > PI {
            if nodep < xnoh {
                nodep += TWO_PI;
            } else {
                nodep -= TWO_PI;
            }
        }
        mp += pl;
        argpp = xls - mp - cosip * nodep;
    }
    (ep, inclp, nodep, argpp, mp)
}
