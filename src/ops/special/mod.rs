//! Operations of their own shape: each serves one step of one release and is written out here
//! rather than built from the vocabulary ([`super::Op`]). Release files name them in
//! `Op::Custom(...)`; they never reach into the model themselves.

pub mod v0_8_1;
pub mod v0_8_4;
pub mod v0_8_6;
pub mod v0_9;
pub mod v1_0_0;
pub mod v1_1_0;
pub mod v1_1_1;
pub mod v1_3_0;
pub mod v1_8_0;
pub mod v2_11_0;
pub mod v2_2_0;
pub mod v2_9_3;
