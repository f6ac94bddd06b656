//! Uitkijk's REST API and web UI server (issue 5): under construction.
