//! Dormand–Prince 8(5,3) with 7th-order dense output ("DOP853").
//!
//! Method and coefficients: E. Hairer, S. P. Nørsett, G. Wanner, *Solving Ordinary Differential
//! Equations I*, 2nd ed., Springer 1993, §II.5 and §II.10, and the coefficient tables of Hairer's
//! public Fortran code `dop853.f` (the same numbers SciPy's `dop853_coefficients.py` carries).
//! The error estimate mixes the 5th- and 3rd-order embedded solutions as Hairer does; the dense
//! output uses three extra stages.
//!
//! Written in-house: no maintained Rust crate offered DOP853 with dense output on fixed-size
//! states without allocation per step (what a re-entry ensemble of many thousands of steps
//! per member needs), so this is ~300 lines we own and test against closed-form solutions.

// Numerical kernels: stage loops index several arrays in lockstep, and the tableau keeps the
// published digits.
#![allow(clippy::needless_range_loop, clippy::excessive_precision)]

/// Stages of the main method (the 13th, at c = 1, is the FSAL derivative at the new point).
const STAGES: usize = 12;

const C: [f64; 16] = [
    0.0,
    0.526_001_519_587_677_318_785_587_544_488e-1,
    0.789_002_279_381_515_978_178_381_316_732e-1,
    0.118_350_341_907_227_396_726_757_197_510,
    0.281_649_658_092_772_603_273_242_802_490,
    0.333_333_333_333_333_333_333_333_333_333,
    0.25,
    0.307_692_307_692_307_692_307_692_307_692,
    0.651_282_051_282_051_282_051_282_051_282,
    0.6,
    0.857_142_857_142_857_142_857_142_857_142,
    1.0,
    1.0,
    0.1,
    0.2,
    0.777_777_777_777_777_777_777_777_777_778,
];

/// Runge–Kutta matrix, rows 1..=15 (row 12 is the weights b of the 8th-order solution; rows
/// 13..=15 are the extra stages of the dense output). Stored lower-triangular, zero-padded.
#[rustfmt::skip]
const A: [[f64; 15]; 16] = [
    [0.0; 15],
    [5.26001519587677318785587544488e-2, 0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.],
    [1.97250569845378994544595329183e-2, 5.91751709536136983633785987549e-2, 0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.],
    [2.95875854768068491816892993775e-2, 0., 8.87627564304205475450678981324e-2, 0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.],
    [2.41365134159266685502369798665e-1, 0., -8.84549479328286085344864962717e-1, 9.24834003261792003115737966543e-1, 0.,0.,0.,0.,0.,0.,0.,0.,0.,0.,0.],
    [3.7037037037037037037037037037e-2, 0., 0., 1.70828608729473871279604482173e-1, 1.25467687566822425016691814123e-1, 0.,0.,0.,0.,0.,0.,0.,0.,0.,0.],
    [3.7109375e-2, 0., 0., 1.70252211019544039314978060272e-1, 6.02165389804559606850219397283e-2, -1.7578125e-2, 0.,0.,0.,0.,0.,0.,0.,0.,0.],
    [3.70920001185047927108779319836e-2, 0., 0., 1.70383925712239993810214054705e-1, 1.07262030446373284651809199168e-1, -1.53194377486244017527936158236e-2, 8.27378916381402288758473766002e-3, 0.,0.,0.,0.,0.,0.,0.,0.],
    [6.24110958716075717114429577812e-1, 0., 0., -3.36089262944694129406857109825, -8.68219346841726006818189891453e-1, 2.75920996994467083049415600797e1, 2.01540675504778934086186788979e1, -4.34898841810699588477366255144e1, 0.,0.,0.,0.,0.,0.,0.],
    [4.77662536438264365890433908527e-1, 0., 0., -2.48811461997166764192642586468, -5.90290826836842996371446475743e-1, 2.12300514481811942347288949897e1, 1.52792336328824235832596922938e1, -3.32882109689848629194453265587e1, -2.03312017085086261358222928593e-2, 0.,0.,0.,0.,0.,0.],
    [-9.3714243008598732571704021658e-1, 0., 0., 5.18637242884406370830023853209, 1.09143734899672957818500254654, -8.14978701074692612513997267357, -1.85200656599969598641566180701e1, 2.27394870993505042818970056734e1, 2.49360555267965238987089396762, -3.0467644718982195003823669022, 0.,0.,0.,0.,0.],
    [2.27331014751653820792359768449, 0., 0., -1.05344954667372501984066689879e1, -2.00087205822486249909675718444, -1.79589318631187989172765950534e1, 2.79488845294199600508499808837e1, -2.85899827713502369474065508674, -8.87285693353062954433549289258, 1.23605671757943030647266201528e1, 6.43392746015763530355970484046e-1, 0.,0.,0.,0.],
    [5.42937341165687622380535766363e-2, 0., 0., 0., 0., 4.45031289275240888144113950566, 1.89151789931450038304281599044, -5.8012039600105847814672114227, 3.1116436695781989440891606237e-1, -1.52160949662516078556178806805e-1, 2.01365400804030348374776537501e-1, 4.47106157277725905176885569043e-2, 0.,0.,0.],
    [5.61675022830479523392909219681e-2, 0., 0., 0., 0., 0., 2.53500210216624811088794765333e-1, -2.46239037470802489917441475441e-1, -1.24191423263816360469010140626e-1, 1.5329179827876569731206322685e-1, 8.20105229563468988491666602057e-3, 7.56789766054569976138603589584e-3, -8.298e-3, 0.,0.],
    [3.18346481635021405060768473261e-2, 0., 0., 0., 0., 2.83009096723667755288322961402e-2, 5.35419883074385676223797384372e-2, -5.49237485713909884646569340306e-2, 0., 0., -1.08347328697249322858509316994e-4, 3.82571090835658412954920192323e-4, -3.40465008687404560802977114492e-4, 1.41312443674632500278074618366e-1, 0.],
    [-4.28896301583791923408573538692e-1, 0., 0., 0., 0., -4.69762141536116384314449447206, 7.68342119606259904184240953878, 4.06898981839711007970213554331, 3.56727187455281109270669543021e-1, 0., 0., 0., -1.39902416515901462129418009734e-3, 2.9475147891527723389556272149, -9.15095847217987001081870187138],
];

/// 5th-order error weights.
const E5: [f64; STAGES] = [
    0.131_200_449_941_948_807_325_010_299_6e-1,
    0.0,
    0.0,
    0.0,
    0.0,
    -0.122_515_644_637_620_444_072_056_975_3e1,
    -0.495_758_949_657_250_191_521_407_995_2,
    0.166_437_718_245_498_653_696_153_041_5e1,
    -0.350_328_848_749_973_681_688_648_729_0,
    0.334_179_118_713_017_479_029_731_884_1,
    0.819_232_064_851_157_124_657_074_261_3e-1,
    -0.223_553_078_638_862_952_588_442_784_5e-1,
];

/// b − b̂ of the 3rd-order embedded solution: the weights of b minus these three.
const BHH: [f64; 3] = [
    0.244_094_488_188_976_377_952_755_905_512,
    0.733_846_688_281_611_857_341_361_741_547,
    0.220_588_235_294_117_647_058_823_529_412e-1,
];

/// Dense-output coefficients of orders 4..7 on stages 0..=15.
#[rustfmt::skip]
const D: [[f64; 16]; 4] = [
    [-0.84289382761090128651353491142e+1, 0., 0., 0., 0., 0.56671495351937776962531783590, -0.30689499459498916912797304727e+1, 0.23846676565120698287728149680e+1, 0.21170345824450282767155149946e+1, -0.87139158377797299206789907490, 0.22404374302607882758541771650e+1, 0.63157877876946881815570249290, -0.88990336451333310820698117400e-1, 0.18148505520854727256656404962e+2, -0.91946323924783554000451984436e+1, -0.44360363875948939664310572000e+1],
    [0.10427508642579134603413151009e+2, 0., 0., 0., 0., 0.24228349177525818288430175319e+3, 0.16520045171727028198505394887e+3, -0.37454675472269020279518312152e+3, -0.22113666853125306036270938578e+2, 0.77334326684722638389603898808e+1, -0.30674084731089398182061213626e+2, -0.93321305264302278729567221706e+1, 0.15697238121770843886131091075e+2, -0.31139403219565177677282850411e+2, -0.93529243588444783865713862664e+1, 0.35816841486394083752465898540e+2],
    [0.19985053242002433820987653617e+2, 0., 0., 0., 0., -0.38703730874935176555105901742e+3, -0.18917813819516756882830838328e+3, 0.52780815920542364900561016686e+3, -0.11573902539959630126141871134e+2, 0.68812326946963000169666922661e+1, -0.10006050966910838403183860980e+1, 0.77771377980534432092869265740, -0.27782057523535084065932004339e+1, -0.60196695231264120758267380846e+2, 0.84320405506677161018159903784e+2, 0.11992291136182789328035130030e+2],
    [-0.25693933462703749003312586129e+2, 0., 0., 0., 0., -0.15418974869023643374053993627e+3, -0.23152937917604549567536039109e+3, 0.35763911791061412378285349910e+3, 0.93405324183624310003907691704e+2, -0.37458323136451633156875139351e+2, 0.10409964950896230045147246184e+3, 0.29840293426660503123344363579e+2, -0.43533456590011143754432175058e+2, 0.96324553959188282948394950600e+2, -0.39177261675615439165231486172e+2, -0.14972683625798562581422125276e+3],
];

/// Why the integration stopped.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum IntegratorError {
    /// The step size fell below what the time resolution can represent.
    #[error("step size {h_s} s at t = {t_s} s is too small: the problem is too stiff or singular")]
    StepTooSmall {
        /// Time reached, s from the start.
        t_s: f64,
        /// The rejected step, s.
        h_s: f64,
    },
    /// The derivative was not finite (e.g. the orbit passed through the Earth's centre).
    #[error("the derivative is not finite at t = {t_s} s")]
    NonFinite {
        /// Time reached, s from the start.
        t_s: f64,
    },
    /// More steps than allowed.
    #[error("more than {max_steps} steps without reaching the end")]
    TooManySteps {
        /// The limit.
        max_steps: usize,
    },
}

/// Error tolerances: each component must satisfy |err| ≤ atol + rtol·|y|.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance, in the units of the state.
    pub atol: f64,
}

/// The 7th-order polynomial of one accepted step, valid on [t0, t0 + h].
#[derive(Debug, Clone, Copy)]
pub struct DenseStep<const N: usize> {
    t0: f64,
    h: f64,
    y0: [f64; N],
    /// Hairer's `rcont1..rcont8` less `y0`: F[0..7].
    f: [[f64; N]; 7],
}

impl<const N: usize> DenseStep<N> {
    /// Start of the step.
    pub fn t_start(&self) -> f64 {
        self.t0
    }
    /// End of the step.
    pub fn t_end(&self) -> f64 {
        self.t0 + self.h
    }
    /// The interpolated state at `t` (meant for t within the step; extrapolates outside).
    pub fn eval(&self, t: f64) -> [f64; N] {
        let s = (t - self.t0) / self.h;
        let s1 = 1.0 - s;
        // Hairer's contd8: y0 + s(F0 + s1(F1 + s(F2 + s1(F3 + s(F4 + s1(F5 + s F6))))))
        let mut y = [0.0; N];
        for i in 0..N {
            let f = &self.f;
            let v = f[4][i] + s1 * (f[5][i] + s * f[6][i]);
            let v = f[2][i] + s1 * (f[3][i] + s * v);
            let v = f[0][i] + s1 * (f[1][i] + s * v);
            y[i] = self.y0[i] + s * v;
        }
        y
    }
}

/// Counters of work done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Evaluations of the derivative.
    pub evaluations: usize,
    /// Accepted steps.
    pub accepted: usize,
    /// Rejected steps.
    pub rejected: usize,
}

/// An integration in progress: the current point, the next step size and the last step's
/// dense output.
#[derive(Debug, Clone)]
pub struct Dop853<const N: usize> {
    t: f64,
    y: [f64; N],
    /// Derivative at (t, y) (first-same-as-last).
    f0: [f64; N],
    h: f64,
    tol: Tolerances,
    /// Largest step allowed, s (keeps the dense output and event checks fine enough).
    pub max_step: f64,
    /// Upper bound on the number of steps of one [`Dop853::integrate_to`].
    pub max_steps: usize,
    stats: Stats,
    rejected_last: bool,
}

impl<const N: usize> Dop853<N> {
    /// Start at (t0, y0), with `direction` the sign of the integration (+1 forward, −1 back).
    pub fn new<F>(
        mut f: F,
        t0: f64,
        y0: [f64; N],
        direction: f64,
        tol: Tolerances,
    ) -> Result<Self, IntegratorError>
    where
        F: FnMut(f64, &[f64; N]) -> [f64; N],
    {
        let f0 = f(t0, &y0);
        if f0.iter().any(|v| !v.is_finite()) {
            return Err(IntegratorError::NonFinite { t_s: t0 });
        }
        let mut me = Dop853 {
            t: t0,
            y: y0,
            f0,
            h: 0.0,
            tol,
            max_step: f64::INFINITY,
            max_steps: 10_000_000,
            stats: Stats {
                evaluations: 1,
                ..Stats::default()
            },
            rejected_last: false,
        };
        me.h = direction.signum() * me.initial_step(&mut f)?;
        Ok(me)
    }

    /// Current time.
    pub fn t(&self) -> f64 {
        self.t
    }
    /// Current state.
    pub fn y(&self) -> &[f64; N] {
        &self.y
    }
    /// Work counters.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    fn scale(&self, a: f64, b: f64) -> f64 {
        self.tol.atol + self.tol.rtol * a.abs().max(b.abs())
    }

    /// Hairer & Wanner's starting-step heuristic (Solving ODEs I, §II.4, "Starting step size").
    fn initial_step<F>(&mut self, f: &mut F) -> Result<f64, IntegratorError>
    where
        F: FnMut(f64, &[f64; N]) -> [f64; N],
    {
        let (mut d0, mut d1) = (0.0, 0.0);
        for i in 0..N {
            let sk = self.scale(self.y[i], self.y[i]);
            d0 += (self.y[i] / sk).powi(2);
            d1 += (self.f0[i] / sk).powi(2);
        }
        let (d0, d1) = ((d0 / N as f64).sqrt(), (d1 / N as f64).sqrt());
        let h0 = if d0 < 1e-5 || d1 < 1e-5 {
            1e-6
        } else {
            0.01 * d0 / d1
        };
        let h0 = h0.min(self.max_step);
        let mut y1 = [0.0; N];
        for i in 0..N {
            y1[i] = self.y[i] + h0 * self.f0[i];
        }
        let f1 = f(self.t + h0, &y1);
        self.stats.evaluations += 1;
        if f1.iter().any(|v| !v.is_finite()) {
            return Err(IntegratorError::NonFinite { t_s: self.t + h0 });
        }
        let mut d2 = 0.0;
        for i in 0..N {
            let sk = self.scale(self.y[i], self.y[i]);
            d2 += ((f1[i] - self.f0[i]) / sk).powi(2);
        }
        let d2 = (d2 / N as f64).sqrt() / h0;
        let h1 = if d1.max(d2) <= 1e-15 {
            (h0 * 1e-3).max(1e-6)
        } else {
            (0.01 / d1.max(d2)).powf(1.0 / 8.0)
        };
        Ok((100.0 * h0).min(h1).min(self.max_step))
    }

    /// Take one accepted step, not beyond `t_end`, and return its dense output.
    pub fn step<F>(&mut self, f: &mut F, t_end: f64) -> Result<DenseStep<N>, IntegratorError>
    where
        F: FnMut(f64, &[f64; N]) -> [f64; N],
    {
        let dir = if t_end >= self.t { 1.0 } else { -1.0 };
        let mut k = [[0.0; N]; 16];
        loop {
            let mut h = dir * self.h.abs().min(self.max_step);
            let remaining = t_end - self.t;
            // Land on t_end exactly rather than leave a sliver step.
            let landing = (h - remaining) * dir >= 0.0 || (remaining - h).abs() < 1e-9 * h.abs();
            if landing {
                h = remaining;
            }
            let min_h = 16.0 * f64::EPSILON * self.t.abs().max(1.0);
            if h.abs() < min_h {
                return Err(IntegratorError::StepTooSmall {
                    t_s: self.t,
                    h_s: h,
                });
            }
            k[0] = self.f0;
            let mut yt = [0.0; N];
            for s in 1..=STAGES {
                for i in 0..N {
                    let mut acc = 0.0;
                    for (j, kj) in k.iter().enumerate().take(s) {
                        acc += A[s][j] * kj[i];
                    }
                    yt[i] = self.y[i] + h * acc;
                }
                k[s] = f(self.t + C[s] * h, &yt);
            }
            self.stats.evaluations += STAGES;
            // yt now holds the 8th-order solution (row 12 of A is b) and k[12] its derivative.
            let y_new = yt;
            if k[STAGES].iter().chain(y_new.iter()).any(|v| !v.is_finite()) {
                // Treat as a failed step: shrink hard, and give up if that cannot help.
                self.stats.rejected += 1;
                self.h = h * 0.1;
                if self.h.abs() < min_h {
                    return Err(IntegratorError::NonFinite { t_s: self.t });
                }
                continue;
            }
            let (mut err5, mut err3) = (0.0, 0.0);
            for i in 0..N {
                let sk = self.scale(self.y[i], y_new[i]);
                let mut e5 = 0.0;
                let mut bsum = 0.0;
                for j in 0..STAGES {
                    e5 += E5[j] * k[j][i];
                    bsum += A[12][j] * k[j][i];
                }
                let e3 = bsum - BHH[0] * k[0][i] - BHH[1] * k[8][i] - BHH[2] * k[11][i];
                err5 += (e5 / sk).powi(2);
                err3 += (e3 / sk).powi(2);
            }
            let denom = err5 + 0.01 * err3;
            let err = if denom > 0.0 {
                h.abs() * err5 / (denom * N as f64).sqrt()
            } else {
                0.0
            };
            if err <= 1.0 {
                // Accepted: build the dense output with the three extra stages.
                for s in 13..16 {
                    for i in 0..N {
                        let mut acc = 0.0;
                        for (j, kj) in k.iter().enumerate().take(s) {
                            acc += A[s][j] * kj[i];
                        }
                        yt[i] = self.y[i] + h * acc;
                    }
                    k[s] = f(self.t + C[s] * h, &yt);
                }
                self.stats.evaluations += 3;
                let mut fcoef = [[0.0; N]; 7];
                for i in 0..N {
                    let dy = y_new[i] - self.y[i];
                    fcoef[0][i] = dy;
                    fcoef[1][i] = h * k[0][i] - dy;
                    fcoef[2][i] = 2.0 * dy - h * (k[STAGES][i] + k[0][i]);
                    for (r, drow) in D.iter().enumerate() {
                        let mut acc = 0.0;
                        for (j, kj) in k.iter().enumerate() {
                            acc += drow[j] * kj[i];
                        }
                        fcoef[3 + r][i] = h * acc;
                    }
                }
                let dense = DenseStep {
                    t0: self.t,
                    h,
                    y0: self.y,
                    f: fcoef,
                };
                let factor = if err == 0.0 {
                    10.0
                } else {
                    (0.9 * err.powf(-1.0 / 8.0)).clamp(0.2, 10.0)
                };
                // No growth right after a rejection (Hairer's `reject` flag).
                let factor = if self.rejected_last {
                    factor.min(1.0)
                } else {
                    factor
                };
                self.rejected_last = false;
                self.stats.accepted += 1;
                // The landing step onto t_end may be short: keep the step size found before it.
                let h_next = if landing && h.abs() < self.h.abs() {
                    self.h.abs()
                } else {
                    h.abs() * factor
                };
                self.t = if landing { t_end } else { self.t + h };
                self.y = y_new;
                self.f0 = k[STAGES];
                self.h = dir * h_next;
                return Ok(dense);
            }
            self.stats.rejected += 1;
            self.rejected_last = true;
            self.h = h * (0.9 * err.powf(-1.0 / 8.0)).clamp(0.2, 1.0);
        }
    }

    /// Integrate to `t_end`, calling `on_step` with each step's dense output; `on_step`
    /// returns `false` to stop early (an event was found).
    pub fn integrate_to<F, G>(
        &mut self,
        f: &mut F,
        t_end: f64,
        mut on_step: G,
    ) -> Result<bool, IntegratorError>
    where
        F: FnMut(f64, &[f64; N]) -> [f64; N],
        G: FnMut(&DenseStep<N>) -> bool,
    {
        let mut steps = 0usize;
        while self.t != t_end {
            steps += 1;
            if steps > self.max_steps {
                return Err(IntegratorError::TooManySteps {
                    max_steps: self.max_steps,
                });
            }
            let dense = self.step(f, t_end)?;
            if !on_step(&dense) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Restart from a new point (after an event or an impulsive change of state).
    pub fn reset(&mut self, f0: [f64; N], t: f64, y: [f64; N]) {
        self.t = t;
        self.y = y;
        self.f0 = f0;
    }
}
