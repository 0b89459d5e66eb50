import ArgumentParser
import Foundation

extension OutputFormat: ExpressibleByArgument {}
extension ColorMode: ExpressibleByArgument {}

/// How a command prints its result.
struct OutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Output format (default: table on a terminal, tsv otherwise).", valueName: "format"))
    var format: OutputFormat?

    @Flag(help: "Same as -o json.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only ids, one per line.")
    var quiet = false

    @Option(help: ArgumentHelp("Colour table output; NO_COLOR is honoured in auto mode.", valueName: "when"))
    var color: ColorMode = .auto

    func validate() throws {
        if json, let format, format != .json {
            throw ValidationError("--json contradicts -o \(format.rawValue); pass one of them")
        }
        if quiet, json || format != nil {
            throw ValidationError("-q prints only ids; pass either -q or -o/--json")
        }
    }

    /// The mode for this run, given whether stdout is a terminal.
    func mode(stdoutIsTerminal: Bool) -> OutputMode {
        if quiet { return .ids }
        if json { return .format(.json) }
        return .format(format ?? (stdoutIsTerminal ? .table : .tsv))
    }

    /// The printer for this process's stdout.
    func printer() -> Printer {
        let environment = ProcessInfo.processInfo.environment
        let terminal = Console.stdoutIsTerminal
        return Printer(
            mode: mode(stdoutIsTerminal: terminal),
            style: color.style(isTerminal: terminal, environment: environment),
            width: Console.columns(environment: environment))
    }
}
