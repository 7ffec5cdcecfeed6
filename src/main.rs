// mimalloc: a build allocates and frees many small strings on every core, where it is
// markedly faster than the system allocator (see README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    stepguide::cli::main()
}
