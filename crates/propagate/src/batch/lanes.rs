//! Fixed-width lanes of `f64` and the two ways of doing arithmetic on them.
//!
//! [`V`] is `LANES` doubles side by side. Every operation is a straight-line loop over the
//! lanes, marked `#[inline(always)]`, so that once it is inlined into a function compiled
//! with `#[target_feature(enable = "avx2,fma")]` LLVM turns each loop into one or two vector
//! instructions, and into SSE2 (or NEON, or scalar code) elsewhere. Nothing here is
//! nightly-only or `unsafe`.
//!
//! The lane-wise `+ − × ÷` are IEEE operations in the order written, exactly as the scalar
//! code does them (Rust never contracts `a * b + c` into a fused multiply-add), so the SGP4
//! model arithmetic of the batch is bit for bit that of [`Sgp4::propagate`](crate::Sgp4).
//! Only the math kernels ([`super::math`]) use fused multiply-adds, through [`Arith`].

// Lane loops index several arrays in step, which is what the vectoriser wants to see.
#![allow(clippy::needless_range_loop)]

use std::ops::{Add, Div, Mul, Neg, Sub};

/// Number of objects propagated side by side. Sixteen doubles are two AVX-512 registers or
/// four AVX2 ones: several independent dependency chains per operation, which hides the
/// latency of the polynomial evaluations. Measured on the full catalog (AMD EPYC, one quiet
/// thread, props/s): 8 lanes: AVX-512 24–26 M, AVX2 20–21 M, portable 8.6 M; 16 lanes:
/// AVX-512 38–39 M, AVX2 23.5 M, portable 9.4–9.8 M; 32 lanes (loaded machine): AVX-512
/// 28–31 M, AVX2 19 M.
pub(crate) const LANES: usize = 16;

/// `LANES` doubles, one per object.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(transparent)]
pub(crate) struct V(pub [f64; LANES]);

/// One condition per lane, as all-ones or all-zeros bits: what vector compares produce and
/// blends consume, so that lane conditions never leave the vector registers.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(transparent)]
pub(crate) struct M(pub [u64; LANES]);

impl V {
    /// Every lane `x`.
    #[inline(always)]
    pub fn splat(x: f64) -> V {
        V([x; LANES])
    }

    /// Lane-wise function of one lane.
    #[inline(always)]
    pub fn map(self, f: impl Fn(f64) -> f64) -> V {
        let mut out = [0.0; LANES];
        for i in 0..LANES {
            out[i] = f(self.0[i]);
        }
        V(out)
    }

    /// Lane-wise predicate.
    #[inline(always)]
    pub fn test(self, f: impl Fn(f64) -> bool) -> M {
        let mut out = [0; LANES];
        for i in 0..LANES {
            out[i] = if f(self.0[i]) { !0 } else { 0 };
        }
        M(out)
    }

    /// Lane-wise predicate of two lanes.
    #[inline(always)]
    pub fn test2(self, other: V, f: impl Fn(f64, f64) -> bool) -> M {
        let mut out = [0; LANES];
        for i in 0..LANES {
            out[i] = if f(self.0[i], other.0[i]) { !0 } else { 0 };
        }
        M(out)
    }

    /// |x| (clears the sign bit).
    #[inline(always)]
    pub fn abs(self) -> V {
        self.map(|x| f64::from_bits(x.to_bits() & !SIGN))
    }

    /// Correctly rounded square root (one instruction on every target we build for).
    #[inline(always)]
    pub fn sqrt(self) -> V {
        self.map(f64::sqrt)
    }

    /// The raw bits of each lane.
    #[inline(always)]
    pub fn to_bits(self) -> [u64; LANES] {
        let mut out = [0; LANES];
        for i in 0..LANES {
            out[i] = self.0[i].to_bits();
        }
        out
    }

    /// Lanes from raw bits.
    #[inline(always)]
    pub fn from_bits(bits: [u64; LANES]) -> V {
        let mut out = [0.0; LANES];
        for i in 0..LANES {
            out[i] = f64::from_bits(bits[i]);
        }
        V(out)
    }
}

/// The sign bit of an `f64`.
pub(crate) const SIGN: u64 = 1 << 63;

impl M {
    /// Every lane set.
    pub const ALL: M = M([!0; LANES]);

    /// `if self { a } else { b }`, lane by lane (a bitwise blend).
    #[inline(always)]
    pub fn select(self, a: V, b: V) -> V {
        let mut out = [0.0; LANES];
        for i in 0..LANES {
            let m = self.0[i];
            out[i] = f64::from_bits((a.0[i].to_bits() & m) | (b.0[i].to_bits() & !m));
        }
        V(out)
    }

    /// Whether lane `i` is set.
    #[inline(always)]
    pub fn get(self, i: usize) -> bool {
        self.0[i] != 0
    }

    /// Whether any lane is set.
    #[inline(always)]
    pub fn any(self) -> bool {
        self.0.iter().fold(0, |a, &b| a | b) != 0
    }

    /// Whether every lane is set.
    #[inline(always)]
    pub fn all(self) -> bool {
        self.0.iter().fold(!0, |a, &b| a & b) == !0
    }

    /// Lane-wise `not`.
    #[inline(always)]
    pub fn not(self) -> M {
        M(self.0.map(|m| !m))
    }

    /// Lane-wise `or`.
    #[inline(always)]
    pub fn or(self, other: M) -> M {
        let mut out = [0; LANES];
        for i in 0..LANES {
            out[i] = self.0[i] | other.0[i];
        }
        M(out)
    }

    /// Lane-wise `and`.
    #[inline(always)]
    pub fn and(self, other: M) -> M {
        let mut out = [0; LANES];
        for i in 0..LANES {
            out[i] = self.0[i] & other.0[i];
        }
        M(out)
    }
}

macro_rules! lane_op {
    ($trait:ident, $method:ident, $op:tt) => {
        impl $trait for V {
            type Output = V;
            #[inline(always)]
            fn $method(self, rhs: V) -> V {
                let mut out = [0.0; LANES];
                for i in 0..LANES {
                    out[i] = self.0[i] $op rhs.0[i];
                }
                V(out)
            }
        }
        impl $trait<f64> for V {
            type Output = V;
            #[inline(always)]
            fn $method(self, rhs: f64) -> V {
                let mut out = [0.0; LANES];
                for i in 0..LANES {
                    out[i] = self.0[i] $op rhs;
                }
                V(out)
            }
        }
        impl $trait<V> for f64 {
            type Output = V;
            #[inline(always)]
            fn $method(self, rhs: V) -> V {
                let mut out = [0.0; LANES];
                for i in 0..LANES {
                    out[i] = self $op rhs.0[i];
                }
                V(out)
            }
        }
    };
}

lane_op!(Add, add, +);
lane_op!(Sub, sub, -);
lane_op!(Mul, mul, *);
lane_op!(Div, div, /);

impl Neg for V {
    type Output = V;
    #[inline(always)]
    fn neg(self) -> V {
        self.map(|x| -x)
    }
}

/// How the math kernels multiply-add and reduce modulo 2π: fused on CPUs with FMA, plain
/// elsewhere. Both are accurate to about an ulp; they are not bit-identical to each other.
pub(crate) trait Arith {
    /// `a × b + c`.
    fn mul_add(a: V, b: V, c: V) -> V;
    /// C's `fmod(x, 2π)`, exactly (the remainder is always representable).
    fn fmod_two_pi(x: V) -> V;
}

/// Arithmetic for CPUs with fused multiply-add (used only inside `target_feature(enable =
/// "fma")` functions or on targets that always have it: elsewhere `f64::mul_add` would be a
/// slow library call).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fused;

/// Arithmetic for any CPU.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(any(target_arch = "aarch64", target_feature = "fma"), allow(dead_code))]
pub(crate) struct Unfused;

impl Arith for Fused {
    #[inline(always)]
    fn mul_add(a: V, b: V, c: V) -> V {
        let mut out = [0.0; LANES];
        for i in 0..LANES {
            out[i] = a.0[i].mul_add(b.0[i], c.0[i]);
        }
        V(out)
    }

    #[inline(always)]
    fn fmod_two_pi(x: V) -> V {
        super::math::fmod_two_pi_fused(x)
    }
}

impl Arith for Unfused {
    #[inline(always)]
    fn mul_add(a: V, b: V, c: V) -> V {
        a * b + c
    }

    #[inline(always)]
    fn fmod_two_pi(x: V) -> V {
        // The C library's fmod is exact; it is one call per lane, which is fine for the
        // portable path.
        x.map(|x| x % super::math::TWO_PI)
    }
}
