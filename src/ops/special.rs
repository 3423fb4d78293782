//! Operations of their own shape: each is used by one step of one release, and is written out
//! here rather than built from the vocabulary. Release files name them; they never reach into
//! the model themselves.
