//! A forward-mode dual number with six partial derivatives, so that one generic two-body
//! routine yields both a state and its exact Jacobian (state-transition matrix, equinoctial
//! Jacobian) without hand-derived partials or finite differences.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// Scalars the two-body routines are generic over: `f64` and [`Dual6`].
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    fn cst(x: f64) -> Self;
    fn val(self) -> f64;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn sinh(self) -> Self;
    fn cosh(self) -> Self;
    fn sqrt(self) -> Self;
    fn cbrt(self) -> Self;
}

impl Real for f64 {
    fn cst(x: f64) -> Self {
        x
    }
    fn val(self) -> f64 {
        self
    }
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn cos(self) -> Self {
        f64::cos(self)
    }
    fn sinh(self) -> Self {
        f64::sinh(self)
    }
    fn cosh(self) -> Self {
        f64::cosh(self)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn cbrt(self) -> Self {
        f64::cbrt(self)
    }
}

/// Value and gradient with respect to six inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual6 {
    pub v: f64,
    pub d: [f64; 6],
}

impl Dual6 {
    /// The i-th independent variable with value `v`.
    pub fn var(v: f64, i: usize) -> Self {
        let mut d = [0.0; 6];
        d[i] = 1.0;
        Dual6 { v, d }
    }
    fn chain(self, f: f64, df: f64) -> Self {
        let mut d = self.d;
        for x in &mut d {
            *x *= df;
        }
        Dual6 { v: f, d }
    }
}

impl Add for Dual6 {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        let mut d = self.d;
        for (x, y) in d.iter_mut().zip(o.d) {
            *x += y;
        }
        Dual6 { v: self.v + o.v, d }
    }
}
impl Sub for Dual6 {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        let mut d = self.d;
        for (x, y) in d.iter_mut().zip(o.d) {
            *x -= y;
        }
        Dual6 { v: self.v - o.v, d }
    }
}
impl Mul for Dual6 {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        let mut d = [0.0; 6];
        for (i, x) in d.iter_mut().enumerate() {
            *x = self.d[i] * o.v + self.v * o.d[i];
        }
        Dual6 { v: self.v * o.v, d }
    }
}
impl Div for Dual6 {
    type Output = Self;
    fn div(self, o: Self) -> Self {
        let inv = 1.0 / o.v;
        let q = self.v * inv;
        let mut d = [0.0; 6];
        for (i, x) in d.iter_mut().enumerate() {
            *x = (self.d[i] - q * o.d[i]) * inv;
        }
        Dual6 { v: q, d }
    }
}
impl Neg for Dual6 {
    type Output = Self;
    fn neg(self) -> Self {
        self.chain(-self.v, -1.0)
    }
}

impl Real for Dual6 {
    fn cst(x: f64) -> Self {
        Dual6 { v: x, d: [0.0; 6] }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn sin(self) -> Self {
        self.chain(self.v.sin(), self.v.cos())
    }
    fn cos(self) -> Self {
        self.chain(self.v.cos(), -self.v.sin())
    }
    fn sinh(self) -> Self {
        self.chain(self.v.sinh(), self.v.cosh())
    }
    fn cosh(self) -> Self {
        self.chain(self.v.cosh(), self.v.sinh())
    }
    fn sqrt(self) -> Self {
        let s = self.v.sqrt();
        self.chain(s, 0.5 / s)
    }
    fn cbrt(self) -> Self {
        let c = self.v.cbrt();
        self.chain(c, 1.0 / (3.0 * c * c))
    }
}
