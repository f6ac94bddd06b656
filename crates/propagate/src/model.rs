//! What initialisation leaves behind: plain `f64` constants, grouped by the regime that uses
//! them.
//!
//! Names follow the reference code (Vallado et al. 2006) so that each line can be checked
//! against the paper; units are stated on every field. Angles are radians, times minutes,
//! distances earth radii (WGS-72, 6378.135 km) unless the name says otherwise.

use uitkijk_time::Epoch;

/// An initialised SGP4/SDP4 propagator for one element set.
///
/// Built once by [`Sgp4::new`](crate::Sgp4::new), immutable afterwards; every
/// [`propagate`](crate::Sgp4::propagate) call computes from these constants alone, so one
/// `Sgp4` can be shared between threads and results never depend on call order.
#[derive(Debug, Clone)]
pub struct Sgp4 {
    pub(crate) norad_id: u32,
    pub(crate) epoch: Epoch,
    pub(crate) common: Common,
    pub(crate) regime: Regime,
}

/// Constants of the secular and short-period theory that every orbit uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Common {
    /// Brouwer ("un-Kozai'd") mean motion n₀″, rad/min.
    pub no_unkozai_rad_min: f64,
    /// Mean eccentricity at epoch.
    pub ecco: f64,
    /// Mean inclination at epoch, rad.
    pub inclo_rad: f64,
    /// Mean right ascension of the ascending node at epoch, rad.
    pub nodeo_rad: f64,
    /// Mean argument of perigee at epoch, rad.
    pub argpo_rad: f64,
    /// Mean anomaly at epoch, rad.
    pub mo_rad: f64,
    /// Drag term B*, 1/earth radii.
    pub bstar_per_er: f64,
    /// Secular rate of the mean anomaly Ṁ (gravity, J2 and J4), rad/min.
    pub mdot_rad_min: f64,
    /// Secular rate of the argument of perigee ω̇, rad/min.
    pub argpdot_rad_min: f64,
    /// Secular rate of the node Ω̇, rad/min.
    pub nodedot_rad_min: f64,
    /// Drag coefficient of the node, `Ω += nodecf t²`, rad/min².
    pub nodecf_rad_min2: f64,
    /// Drag coefficient C₁ (1/min), the linear decay of the semi-major axis.
    pub cc1_per_min: f64,
    /// Drag coefficient C₄ (1/min before the B* factor), the decay of eccentricity.
    pub cc4_per_min: f64,
    /// `3/2 C₁`, coefficient of t² in the mean longitude, 1/min².
    pub t2cof_per_min2: f64,
    /// J3 long-period coefficient of the mean longitude (deep space recomputes it per call).
    pub xlcof: f64,
    /// J3 long-period coefficient of `aᵧN` (deep space recomputes it per call).
    pub aycof: f64,
    /// `3 cos²i₀ − 1` (deep space recomputes it per call).
    pub con41: f64,
    /// `1 − cos²i₀` (deep space recomputes it per call).
    pub x1mth2: f64,
    /// `7 cos²i₀ − 1` (deep space recomputes it per call).
    pub x7thm1: f64,
}

/// Which theory the orbit falls under, with the constants only that theory uses.
// The deep-space constants stay inline (no Box): one allocation-free block per object that a
// batched path can copy into structure-of-arrays form.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Regime {
    /// Period under 225 min: SGP4.
    NearEarth(NearEarthDrag),
    /// Period of 225 min or more: SDP4, with lunar-solar terms and Earth resonances.
    DeepSpace(DeepSpace),
}

/// The drag model of a near-earth orbit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NearEarthDrag {
    /// Perigee below 220 km: the truncated drag equations (only C₁ and C₄ terms), as the
    /// reference's `isimp = 1`.
    Simple,
    /// Perigee at 220 km or more: the full drag expansion up to t⁵.
    Full(FullDrag),
}

/// The higher-order drag constants of a near-earth orbit with perigee ≥ 220 km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FullDrag {
    /// η = a₀ e₀ ξ, dimensionless.
    pub eta: f64,
    /// B* C₃ cos ω₀, the drag term of the argument of perigee, rad/min.
    pub omgcof_rad_min: f64,
    /// −2/3 C₀ B* / (e₀ η), the drag term of the mean anomaly (0 when e₀ ≤ 1e-4).
    pub xmcof: f64,
    /// (1 + η cos M₀)³.
    pub delmo: f64,
    /// sin M₀.
    pub sinmao: f64,
    /// Drag coefficient C₅.
    pub cc5: f64,
    /// Semi-major axis decay coefficients D₂, D₃, D₄ (1/min², 1/min³, 1/min⁴).
    pub d2: f64,
    /// See `d2`.
    pub d3: f64,
    /// See `d2`.
    pub d4: f64,
    /// Mean-longitude coefficients of t³, t⁴, t⁵.
    pub t3cof: f64,
    /// See `t3cof`.
    pub t4cof: f64,
    /// See `t3cof`.
    pub t5cof: f64,
}

/// Deep-space (SDP4) constants.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeepSpace {
    /// Greenwich sidereal time at epoch (IAU-82 expression, improved mode), rad.
    pub gsto_rad: f64,
    /// Coefficients of the lunar-solar long-period periodics (`dpper`).
    pub periodics: LunarSolarPeriodics,
    /// Lunar-solar secular rates (`dsinit`).
    pub secular: DeepSecularRates,
    /// The Earth-gravity resonance, if any.
    pub resonance: Resonance,
}

/// Coefficients of the lunar (`x…`, `e3`, `ee2`) and solar (`s…`) long-period periodics,
/// computed by `dscom` at epoch. The `peo`, `pinco`, … offsets of the reference are zero in
/// the improved operation mode (they are evaluated with `init = 'y'`) and are left out.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[allow(missing_docs)]
pub(crate) struct LunarSolarPeriodics {
    pub e3: f64,
    pub ee2: f64,
    pub se2: f64,
    pub se3: f64,
    pub sgh2: f64,
    pub sgh3: f64,
    pub sgh4: f64,
    pub sh2: f64,
    pub sh3: f64,
    pub si2: f64,
    pub si3: f64,
    pub sl2: f64,
    pub sl3: f64,
    pub sl4: f64,
    pub xgh2: f64,
    pub xgh3: f64,
    pub xgh4: f64,
    pub xh2: f64,
    pub xh3: f64,
    pub xi2: f64,
    pub xi3: f64,
    pub xl2: f64,
    pub xl3: f64,
    pub xl4: f64,
    /// Mean anomaly of the Moon at epoch, rad.
    pub zmol_rad: f64,
    /// Mean anomaly of the Sun at epoch, rad.
    pub zmos_rad: f64,
}

/// Lunar-solar secular rates of the mean elements.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct DeepSecularRates {
    /// de/dt, 1/min.
    pub dedt_per_min: f64,
    /// di/dt, rad/min.
    pub didt_rad_min: f64,
    /// dM/dt, rad/min.
    pub dmdt_rad_min: f64,
    /// dΩ/dt, rad/min.
    pub dnodt_rad_min: f64,
    /// dω/dt, rad/min.
    pub domdt_rad_min: f64,
}

/// Resonance of the mean motion with the Earth's rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Resonance {
    /// No resonance.
    None,
    /// 24-hour (geosynchronous) resonance, `irez = 1`: mean motion between 0.0034906585 and
    /// 0.0052359877 rad/min.
    OneDay(OneDayResonance),
    /// 12-hour (Molniya-type) resonance, `irez = 2`: mean motion within
    /// [8.26e-3, 9.24e-3] rad/min and eccentricity ≥ 0.5.
    HalfDay(HalfDayResonance),
}

/// Constants of the synchronous resonance integrator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OneDayResonance {
    /// Resonance amplitudes δ₁, δ₂, δ₃ (rad/min²).
    pub del1: f64,
    /// See `del1`.
    pub del2: f64,
    /// See `del1`.
    pub del3: f64,
    /// Rate of the resonance angle at epoch less the mean motion, rad/min.
    pub xfact_rad_min: f64,
    /// Resonance angle λ at epoch, rad.
    pub xlamo_rad: f64,
}

/// Constants of the half-day resonance integrator.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub(crate) struct HalfDayResonance {
    /// Resonance amplitudes D₂₂₀₁ … D₅₄₃₃ (rad/min²).
    pub d2201: f64,
    pub d2211: f64,
    pub d3210: f64,
    pub d3222: f64,
    pub d4410: f64,
    pub d4422: f64,
    pub d5220: f64,
    pub d5232: f64,
    pub d5421: f64,
    pub d5433: f64,
    /// Rate of the resonance angle at epoch less the mean motion, rad/min.
    pub xfact_rad_min: f64,
    /// Resonance angle λ at epoch, rad.
    pub xlamo_rad: f64,
}
