//! Persistence for Uitkijk: objects, element-set history, screening runs and conjunction
//! events, users/partners/tokens and the audit log, behind one trait with two backends —
//! SQLite (embedded default) and PostgreSQL (a centre's shared database).
