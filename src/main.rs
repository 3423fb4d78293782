//! The `modoboa-settings` binary: everything lives in the library; see `cli`.

fn main() {
    std::process::exit(modoboa_settings::cli::main());
}
