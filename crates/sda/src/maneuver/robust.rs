//! Robust statistics for heavy-tailed element-set noise: medians and the median absolute
//! deviation (Hampel, "The influence curve and its role in robust estimation", JASA 69, 1974;
//! 1.4826 makes the MAD a consistent estimator of σ for Gaussian data).

/// Scale factor from MAD to the standard deviation of a normal distribution.
pub(crate) const MAD_TO_SIGMA: f64 = 1.4826;

/// Median of finite values (NaN skipped); `None` when there are none. Sorts a copy.
pub(crate) fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

/// Robust σ of values that should scatter around zero: 1.4826 × median |x|.
pub(crate) fn sigma_about_zero(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    median(values.into_iter().map(f64::abs)).map(|m| MAD_TO_SIGMA * m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_sigma() {
        assert_eq!(median([3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median([4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median([f64::NAN]), None);
        // One wild value does not move the scale.
        let s = sigma_about_zero([1.0, -1.0, 1.0, -1.0, 1e9]).unwrap();
        assert!((s - MAD_TO_SIGMA).abs() < 1e-12);
    }
}
