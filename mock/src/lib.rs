//! Mock Claude server.
