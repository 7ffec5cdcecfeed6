fn main() -> std::process::ExitCode {
    stepguide::cli::main()
}
