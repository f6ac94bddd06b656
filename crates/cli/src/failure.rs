//! How a command fails, and the exit code each failure gets.

/// A failure that ends a command.
#[derive(Debug)]
pub enum Failure {
    /// The input or the arguments are wrong: exit 2.
    BadInput(String),
    /// Something went wrong while working (I/O on output, an internal limit): exit 1.
    Runtime(String),
    /// Output went to a closed pipe (`uitkijk … | head`): not an error, exit 0.
    BrokenPipe,
}

impl Failure {
    /// Print the failure on stderr and return the process exit code.
    pub fn report(&self) -> i32 {
        match self {
            Failure::BadInput(m) => {
                eprintln!("uitkijk: {m}");
                2
            }
            Failure::Runtime(m) => {
                eprintln!("uitkijk: {m}");
                1
            }
            Failure::BrokenPipe => 0,
        }
    }
}

/// An output error: a closed pipe ends quietly, anything else is a runtime failure.
pub fn from_io(context: &str, e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::BrokenPipe
    } else {
        Failure::Runtime(format!("{context}: {e}"))
    }
}

/// Shorthand for a bad-input failure.
pub fn bad(msg: impl Into<String>) -> Failure {
    Failure::BadInput(msg.into())
}
