//! Many objects at many times: the batched SGP4.
//!
//! [`Sgp4Batch`] packs the objects of a catalog structure-of-arrays,
//! [`LANES`] objects to a block, and propagates a block at one time with
//! straight-line lane loops that the compiler turns into SIMD instructions. Near-earth blocks
//! ([`kernel`]) hold objects of one drag model; deep-space blocks ([`deep`], SDP4: period
//! ≥ 225 min, [`Sgp4Batch::deep_space`] counts them) hold objects of one resonance kind.
//! Objects with a non-positive mean motion, which fail at every time, take the scalar path.
//!
//! The lane code is compiled three times ([`Kernel`]): inside a
//! `#[target_feature(enable = "avx2,fma")]` function, chosen at run time when the CPU has both;
//! inside one that also enables AVX-512, chosen where the CPU has that too; and portably for
//! every other CPU. All follow the scalar model arithmetic operation for operation; they
//! differ from it and from each other only in the last bits of `sin`, `cos`, `atan2`
//! ([`math`], our own kernels) and `a^{3/2}` (see `tests/batch.rs` for the measured
//! agreement: within 1e-9 km and 1e-12 km/s of the scalar path on every row of the 2022-01
//! catalog). Error codes are the scalar path's exactly: any lane at or near an error
//! condition, or near a branch point of the theory, is recomputed by [`Sgp4::propagate`].
//!
//! Two ways out: [`Sgp4Batch::propagate_grid`] fills one slice with every prediction;
//! [`Sgp4Batch::map_objects`] hands each object's row to a function from a small per-block
//! buffer, for catalogs and grids too large to hold. Both have rayon-parallel twins. Results
//! never depend on the number of threads nor on how objects are grouped.

// NaN must fail every range test of the lanes (it sends a lane to the scalar path), so the
// negated comparisons are deliberate.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod deep;
mod kernel;
mod lanes;
mod math;

use rayon::prelude::*;

use crate::error::Sgp4Error;
use crate::model::{NearEarthDrag, Regime, Sgp4};
use deep::{deep_kind, propagate_deep_lanes, DeepBlock, Integrator, Kind};
use kernel::{lane_eligible, propagate_lanes, LaneStates, NearBlock};
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_feature = "fma"
))]
use lanes::Fused;
#[cfg(not(any(target_arch = "aarch64", target_feature = "fma")))]
use lanes::Unfused;
use lanes::LANES;

/// The arithmetic of the portable kernel: fused multiply-adds where the target has them at
/// compile time (every aarch64 CPU; x86-64 built with `-C target-feature=+fma`), where
/// `f64::mul_add` is one instruction; plain elsewhere, where it would be a library call.
#[cfg(any(target_arch = "aarch64", target_feature = "fma"))]
type PortableArith = Fused;
#[cfg(not(any(target_arch = "aarch64", target_feature = "fma")))]
type PortableArith = Unfused;

/// One propagation: the TEME position (km) and velocity (km/s), or the error at that time.
/// The same type [`Sgp4::propagate`] returns.
pub type Prediction = Result<([f64; 3], [f64; 3]), Sgp4Error>;

/// Which compiled copy of the lane code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kernel {
    /// Plain Rust, for any CPU (SSE2 on x86-64, NEON on aarch64, where the compiler
    /// vectorises), with fused multiply-adds in the math kernels only where the target has
    /// them at compile time (aarch64).
    Portable,
    /// x86-64 with AVX2 and FMA: four doubles per instruction, fused multiply-adds in the math
    /// kernels.
    Avx2Fma,
    /// x86-64 with AVX-512 (F, DQ, VL) besides AVX2 and FMA: the same code as `Avx2Fma`
    /// (the same results, bit for bit, on the 2022-01 catalog), eight doubles per instruction,
    /// 32 vector registers and mask registers for the lane conditions. About 2× `Avx2Fma` on
    /// the AMD EPYC we measured on.
    Avx512,
}

impl Kernel {
    /// The fastest kernel this CPU runs.
    pub fn detect() -> Kernel {
        [Kernel::Avx512, Kernel::Avx2Fma]
            .into_iter()
            .find(|k| k.is_available())
            .unwrap_or(Kernel::Portable)
    }

    /// Every kernel, slowest first.
    pub const ALL: [Kernel; 3] = [Kernel::Portable, Kernel::Avx2Fma, Kernel::Avx512];

    /// Whether this CPU can run the kernel.
    pub fn is_available(self) -> bool {
        match self {
            Kernel::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2Fma => is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => {
                Kernel::Avx2Fma.is_available()
                    && is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512dq")
                    && is_x86_feature_detected!("avx512vl")
            }
            #[cfg(not(target_arch = "x86_64"))]
            Kernel::Avx2Fma | Kernel::Avx512 => false,
        }
    }
}

/// A catalog of initialised propagators arranged for propagating all of them at many times.
///
/// Results are the same, bit for bit, for any number of threads and any order of objects;
/// the kernel decides the last bits (`Avx2Fma` and `Avx512` agree with each other to the bit,
/// `Portable` in the last bits, ≤ 1e-10 km on the 2022-01 catalog within three days of
/// epoch): pin one with [`with_kernel`](Sgp4Batch::with_kernel) for
/// byte-identical output across machines.
///
/// ```
/// # use uitkijk_propagate::{Sgp4, Sgp4Batch};
/// # let text = "ISS (ZARYA)\n\
/// # 1 25544U 98067A   22021.51850838  .00005328  00000+0  10236-3 0  9993\n\
/// # 2 25544  51.6449 295.3519 0006826  85.5813 344.6316 15.49588148322669\n";
/// let sets = uitkijk_formats::tle::read(text).sets;
/// let objects: Vec<Sgp4> = sets.iter().map(|s| Sgp4::new(s).unwrap()).collect();
/// let batch = Sgp4Batch::new(&objects);
/// let times_min = [0.0, 90.0, 1440.0];
/// let mut out = vec![Ok(([0.0; 3], [0.0; 3])); batch.len() * times_min.len()];
/// batch.propagate_grid(&times_min, &mut out);
/// // Object i at time j is out[i * times_min.len() + j], exactly what the scalar path gives
/// // to well under a micrometre.
/// let (r_km, _) = out[2].as_ref().unwrap();
/// let (r_scalar, _) = objects[0].propagate(1440.0).unwrap();
/// assert!((r_km[0] - r_scalar[0]).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct Sgp4Batch {
    /// Every object, in the caller's order.
    objects: Vec<Sgp4>,
    /// The objects in lanes.
    blocks: Vec<Block>,
    /// Objects propagated one by one (a mean motion that is not positive: error 2 at every
    /// time).
    scalar: Vec<usize>,
    deep_space: usize,
    kernel: Kernel,
}

/// A block of lanes.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // blocks sit in one Vec, boxing would only add a hop
enum Block {
    Near(NearBlock),
    Deep(DeepBlock),
}

impl Block {
    /// The objects in the lanes that hold one.
    fn objects(&self) -> &[usize] {
        match self {
            Block::Near(b) => &b.objects[..b.live],
            Block::Deep(b) => &b.objects[..b.live],
        }
    }
}

/// A block of lanes, or the index of an object on the scalar path.
enum Unit<'a> {
    Block(&'a Block),
    Scalar(usize),
}

/// One unit of work: a block of lanes with the output rows of its objects, or one object.
enum Work<'a> {
    Block(&'a Block, Vec<&'a mut [Prediction]>),
    Scalar(&'a Sgp4, &'a mut [Prediction]),
}

impl Sgp4Batch {
    /// Arranges `objects` for batched propagation, with the fastest kernel of this CPU.
    ///
    /// Objects are grouped by theory (near-earth with truncated or full drag; deep space
    /// without resonance, 24-hour or 12-hour resonance) and, within a group, by eccentricity,
    /// so that the lanes of a block need about as many Kepler iterations. The grouping
    /// changes no result.
    pub fn new(objects: &[Sgp4]) -> Sgp4Batch {
        // Group key: 0 full drag, 1 truncated drag, 2–4 deep space by resonance.
        let group = |o: &Sgp4| -> Option<u8> {
            if lane_eligible(o) {
                Some(match o.regime {
                    Regime::NearEarth(NearEarthDrag::Full(_)) => 0,
                    _ => 1,
                })
            } else {
                deep_kind(o).map(|k| match k {
                    Kind::None => 2,
                    Kind::OneDay => 3,
                    Kind::HalfDay => 4,
                })
            }
        };
        let mut laned: Vec<(u8, usize)> = Vec::new();
        let mut scalar = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            match group(o) {
                Some(g) => laned.push((g, i)),
                None => scalar.push(i),
            }
        }
        laned.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(
                    objects[a.1]
                        .common
                        .ecco
                        .total_cmp(&objects[b.1].common.ecco),
                )
                .then(a.1.cmp(&b.1))
        });
        let mut blocks = Vec::new();
        for g in 0..=4u8 {
            let members: Vec<usize> = laned.iter().filter(|e| e.0 == g).map(|e| e.1).collect();
            for chunk in members.chunks(LANES) {
                blocks.push(if g < 2 {
                    Block::Near(NearBlock::new(objects, chunk))
                } else {
                    Block::Deep(DeepBlock::new(objects, chunk))
                });
            }
        }
        Sgp4Batch {
            deep_space: objects.iter().filter(|o| o.is_deep_space()).count(),
            objects: objects.to_vec(),
            blocks,
            scalar,
            kernel: Kernel::detect(),
        }
    }
    /// The same batch running `kernel`, or `None` where this CPU lacks it. Used to compare
    /// the kernels; [`new`](Sgp4Batch::new) already picks the fastest.
    pub fn with_kernel(mut self, kernel: Kernel) -> Option<Sgp4Batch> {
        if !kernel.is_available() {
            return None;
        }
        self.kernel = kernel;
        Some(self)
    }

    /// The kernel in use.
    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether there are no objects.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Number of deep-space objects (period ≥ 225 min, SDP4).
    pub fn deep_space(&self) -> usize {
        self.deep_space
    }

    /// The objects, in the order given to [`new`](Sgp4Batch::new).
    pub fn objects(&self) -> &[Sgp4] {
        &self.objects
    }

    /// Propagates every object to each of `tsince_min` (minutes from the object's own epoch),
    /// on the calling thread. Object `i` at time `j` goes to `out[i * tsince_min.len() + j]`;
    /// each is what [`Sgp4::propagate`] gives, within the bounds the crate's tests state, and
    /// exactly its error where it fails.
    ///
    /// # Panics
    /// If `out.len() != self.len() * tsince_min.len()`.
    pub fn propagate_grid(&self, tsince_min: &[f64], out: &mut [Prediction]) {
        for work in self.work(tsince_min, out) {
            self.run(work, tsince_min);
        }
    }

    /// [`propagate_grid`](Sgp4Batch::propagate_grid) on rayon's thread pool (blocks of
    /// objects in parallel). The results are the same, bit for bit, for any number of threads.
    ///
    /// # Panics
    /// If `out.len() != self.len() * tsince_min.len()`.
    pub fn par_propagate_grid(&self, tsince_min: &[f64], out: &mut [Prediction]) {
        self.work(tsince_min, out)
            .into_par_iter()
            .with_max_len(1)
            .for_each(|work| self.run(work, tsince_min));
    }

    /// Propagates every object to each of `tsince_min` and hands each object's row of
    /// predictions (one per time, in order) to `f`, keeping what it returns: one value per
    /// object, in the order given to [`new`](Sgp4Batch::new). Rows live in a small buffer
    /// per block, so nothing of the size of the whole grid is ever held: the way to reduce,
    /// screen or write the states of a large catalog.
    ///
    /// ```
    /// # use uitkijk_propagate::{Sgp4, Sgp4Batch};
    /// # let text = "ISS (ZARYA)\n\
    /// # 1 25544U 98067A   22021.51850838  .00005328  00000+0  10236-3 0  9993\n\
    /// # 2 25544  51.6449 295.3519 0006826  85.5813 344.6316 15.49588148322669\n";
    /// # let objects: Vec<Sgp4> =
    /// #     uitkijk_formats::tle::read(text).sets.iter().map(|s| Sgp4::new(s).unwrap()).collect();
    /// let batch = Sgp4Batch::new(&objects);
    /// // Lowest radius of each object over a day, in km.
    /// let times: Vec<f64> = (0..=144).map(|k| k as f64 * 10.0).collect();
    /// let lowest = batch.map_objects(&times, |_, row| {
    ///     row.iter()
    ///         .filter_map(|p| p.as_ref().ok())
    ///         .map(|(r, _)| (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt())
    ///         .fold(f64::INFINITY, f64::min)
    /// });
    /// assert!(lowest[0] > 6_600.0 && lowest[0] < 6_900.0);
    /// ```
    pub fn map_objects<T>(
        &self,
        tsince_min: &[f64],
        f: impl Fn(usize, &[Prediction]) -> T,
    ) -> Vec<T> {
        let mut buffer = Vec::new();
        let parts: Vec<Vec<(usize, T)>> = self
            .units()
            .map(|unit| self.run_unit(unit, tsince_min, &mut buffer, &f))
            .collect();
        self.in_order(parts)
    }

    /// [`map_objects`](Sgp4Batch::map_objects) on rayon's thread pool. `f` sees the same rows
    /// as in the sequential call, bit for bit, for any number of threads.
    pub fn par_map_objects<T: Send>(
        &self,
        tsince_min: &[f64],
        f: impl Fn(usize, &[Prediction]) -> T + Sync,
    ) -> Vec<T> {
        let units: Vec<Unit<'_>> = self.units().collect();
        let parts: Vec<Vec<(usize, T)>> = units
            .into_par_iter()
            .with_max_len(1)
            .map_init(Vec::new, |buffer, unit| {
                self.run_unit(unit, tsince_min, buffer, &f)
            })
            .collect();
        self.in_order(parts)
    }

    /// Each block and each object on the scalar path.
    fn units(&self) -> impl Iterator<Item = Unit<'_>> {
        self.blocks
            .iter()
            .map(Unit::Block)
            .chain(self.scalar.iter().map(|&i| Unit::Scalar(i)))
    }

    /// Propagates one unit into `buffer` and applies `f` to each of its objects' rows.
    fn run_unit<T>(
        &self,
        unit: Unit<'_>,
        tsince_min: &[f64],
        buffer: &mut Vec<Prediction>,
        f: &impl Fn(usize, &[Prediction]) -> T,
    ) -> Vec<(usize, T)> {
        let n_times = tsince_min.len();
        let objects: &[usize] = match &unit {
            Unit::Block(b) => b.objects(),
            Unit::Scalar(i) => std::slice::from_ref(i),
        };
        buffer.resize(objects.len() * n_times, Ok(([0.0; 3], [0.0; 3])));
        if n_times > 0 {
            let rows: Vec<&mut [Prediction]> = buffer.chunks_mut(n_times).collect();
            let work = match unit {
                Unit::Block(b) => Work::Block(b, rows),
                Unit::Scalar(i) => Work::Scalar(
                    &self.objects[i],
                    rows.into_iter().next().unwrap_or_default(),
                ),
            };
            self.run(work, tsince_min);
        }
        objects
            .iter()
            .enumerate()
            .map(|(k, &i)| (i, f(i, &buffer[k * n_times..(k + 1) * n_times])))
            .collect()
    }

    /// The values of `map_objects` in the caller's order of objects.
    fn in_order<T>(&self, parts: Vec<Vec<(usize, T)>>) -> Vec<T> {
        let mut slots: Vec<Option<T>> = (0..self.objects.len()).map(|_| None).collect();
        for (i, value) in parts.into_iter().flatten() {
            slots[i] = Some(value);
        }
        slots
            .into_iter()
            .map(|v| v.expect("every object is in one unit"))
            .collect()
    }

    /// Splits `out` into the rows of each block and each scalar object.
    fn work<'a>(&'a self, tsince_min: &[f64], out: &'a mut [Prediction]) -> Vec<Work<'a>> {
        let n_times = tsince_min.len();
        assert_eq!(
            out.len(),
            self.objects.len() * n_times,
            "output holds one prediction per object and time"
        );
        if n_times == 0 {
            return Vec::new();
        }
        let mut rows: Vec<Option<&mut [Prediction]>> = out.chunks_mut(n_times).map(Some).collect();
        let mut take = |i: usize| rows[i].take().expect("each object is in one unit of work");
        let mut work = Vec::with_capacity(self.blocks.len() + self.scalar.len());
        for b in &self.blocks {
            let r = b.objects().iter().map(|&i| take(i)).collect();
            work.push(Work::Block(b, r));
        }
        for &i in &self.scalar {
            work.push(Work::Scalar(&self.objects[i], take(i)));
        }
        work
    }

    fn run(&self, work: Work<'_>, tsince_min: &[f64]) {
        match work {
            Work::Scalar(o, row) => {
                for (slot, &t) in row.iter_mut().zip(tsince_min) {
                    *slot = o.propagate(t);
                }
            }
            Work::Block(b, mut rows) => match self.kernel {
                #[cfg(target_arch = "x86_64")]
                Kernel::Avx2Fma => {
                    // SAFETY: a batch only holds `Avx2Fma` when the CPU was found to have AVX2
                    // and FMA (`Kernel::detect`, `with_kernel`).
                    unsafe { block_grid_avx2(&self.objects, b, tsince_min, &mut rows) }
                }
                #[cfg(target_arch = "x86_64")]
                Kernel::Avx512 => {
                    // SAFETY: a batch only holds `Avx512` when the CPU was found to have
                    // AVX-512 F, DQ and VL, AVX2 and FMA (`Kernel::detect`, `with_kernel`).
                    unsafe { block_grid_avx512(&self.objects, b, tsince_min, &mut rows) }
                }
                _ => block_grid_portable(&self.objects, b, tsince_min, &mut rows),
            },
        }
    }
}

/// The block at every time, with the AVX2 + FMA copy of the lane code.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn block_grid_avx2(objects: &[Sgp4], b: &Block, times: &[f64], rows: &mut [&mut [Prediction]]) {
    block_grid::<Fused>(objects, b, times, rows)
}

/// The block at every time, with the AVX-512 + FMA copy of the lane code.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,avx512f,avx512dq,avx512vl")]
fn block_grid_avx512(objects: &[Sgp4], b: &Block, times: &[f64], rows: &mut [&mut [Prediction]]) {
    block_grid::<Fused>(objects, b, times, rows)
}

/// The block at every time, with the portable copy of the lane code.
fn block_grid_portable(objects: &[Sgp4], b: &Block, times: &[f64], rows: &mut [&mut [Prediction]]) {
    block_grid::<PortableArith>(objects, b, times, rows)
}

#[inline(always)]
fn block_grid<A: lanes::Arith>(
    objects: &[Sgp4],
    b: &Block,
    times: &[f64],
    rows: &mut [&mut [Prediction]],
) {
    let mut integrator: Option<Integrator> = None;
    for (j, &t) in times.iter().enumerate() {
        if !t.is_finite() {
            // The scalar path's refusal, value and all.
            for (&object, row) in b.objects().iter().zip(rows.iter_mut()) {
                row[j] = objects[object].propagate(t);
            }
            continue;
        }
        let s: LaneStates = match b {
            Block::Near(b) => propagate_lanes::<A>(b, t),
            Block::Deep(b) => propagate_deep_lanes::<A>(b, t, &mut integrator),
        };
        for (lane, (&object, row)) in b.objects().iter().zip(rows.iter_mut()).enumerate() {
            if s.scalar.get(lane) {
                row[j] = objects[object].propagate(t);
                continue;
            }
            let r = [s.r_km[0].0[lane], s.r_km[1].0[lane], s.r_km[2].0[lane]];
            let v = [
                s.v_km_s[0].0[lane],
                s.v_km_s[1].0[lane],
                s.v_km_s[2].0[lane],
            ];
            // Writing into an `Ok` in place spares building the `Result` on the stack and
            // copying it (a store-forwarding stall per row).
            match &mut row[j] {
                Ok((r_out, v_out)) => {
                    *r_out = r;
                    *v_out = v;
                }
                slot => *slot = Ok((r, v)),
            }
        }
    }
}
