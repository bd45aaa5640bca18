//! The domain: what Jalons tracks and the rules its values obey. Shared by
//! the server and the browser; no I/O here.

pub mod account;
pub mod audit;
pub mod dashboard;
pub mod error;
pub mod history;
pub mod input;
pub mod kinds;
pub mod model;
pub mod public;
pub mod report;
pub mod transfer;
pub mod values;

pub use account::*;
pub use audit::*;
pub use error::{FieldError, FieldErrors, Problem};
pub use input::*;
pub use kinds::*;
pub use model::*;
pub use values::*;
