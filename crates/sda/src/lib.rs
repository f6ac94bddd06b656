//! Space-domain awareness for Uitkijk: the detectors a security centre watches with —
//! manoeuvres, fragmentations (break-ups and ASAT tests), close approaches to protected assets
//! (RPO), and new or vanished objects.
//!
//! Every detector is a plain library function over element histories or catalogs and returns
//! its own result rows plus, where a watch officer must be told, [`event::Event`]s: one type for
//! every kind, so the store, the API and the alerts carry them alike.

pub mod event;
pub mod fragmentation;
pub mod gabbard;
pub mod maneuver;
pub mod newobjects;
pub mod proximity;
pub mod reentry;
