//! Errors of frame operations.

use uitkijk_time::Epoch;

/// Why a frame operation was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// A precomputed rotation was applied to a state of another epoch.
    #[error("rotation computed for {expected} applied to a state at {found}")]
    EpochMismatch {
        /// The epoch the rotation was computed for.
        expected: Epoch,
        /// The epoch of the state.
        found: Epoch,
    },
    /// Two states that must share an epoch do not.
    #[error("states at different epochs: {first} and {second}")]
    DifferentEpochs {
        /// Epoch of the first state.
        first: Epoch,
        /// Epoch of the second state.
        second: Epoch,
    },
    /// The RIC frame of a primary with zero position or with velocity parallel to position.
    #[error("RIC frame undefined: position and velocity of the primary are parallel or zero")]
    DegenerateRic,
}
