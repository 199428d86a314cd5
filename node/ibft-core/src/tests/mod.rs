//! Tests that need more than one module: shared fakes, machine behaviour, and the seeded
//! network simulation.

pub(crate) mod support;

mod machine;
mod sim;
