import ArgumentParser
import Testing

@testable import chatctl

@Suite struct OutputOptionsTests {
    @Test func defaultsToTableOnATerminalAndTSVOtherwise() throws {
        let options = try OutputOptions.parse([])
        #expect(options.mode(stdoutIsTerminal: true) == .format(.table))
        #expect(options.mode(stdoutIsTerminal: false) == .format(.tsv))
    }

    @Test func explicitFormatsWin() throws {
        #expect(try OutputOptions.parse(["-o", "ndjson"]).mode(stdoutIsTerminal: true) == .format(.ndjson))
        #expect(try OutputOptions.parse(["--json"]).mode(stdoutIsTerminal: false) == .format(.json))
        #expect(try OutputOptions.parse(["-o", "json", "--json"]).mode(stdoutIsTerminal: false) == .format(.json))
        #expect(try OutputOptions.parse(["-q"]).mode(stdoutIsTerminal: true) == .ids)
    }

    @Test(arguments: [["--json", "-o", "tsv"], ["-q", "--json"], ["-q", "-o", "table"], ["-o", "yaml"]])
    func contradictionsAreUsageErrors(arguments: [String]) {
        do {
            _ = try OutputOptions.parse(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(OutputOptions.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func colourFollowsFlagThenNoColorThenTerminal() {
        #expect(ColorMode.auto.style(isTerminal: true, environment: [:]).enabled)
        #expect(!ColorMode.auto.style(isTerminal: false, environment: [:]).enabled)
        #expect(!ColorMode.auto.style(isTerminal: true, environment: ["NO_COLOR": "1"]).enabled)
        #expect(ColorMode.auto.style(isTerminal: true, environment: ["NO_COLOR": ""]).enabled)
        #expect(!ColorMode.auto.style(isTerminal: true, environment: ["TERM": "dumb"]).enabled)
        #expect(ColorMode.always.style(isTerminal: false, environment: ["NO_COLOR": "1"]).enabled)
        #expect(!ColorMode.never.style(isTerminal: true, environment: [:]).enabled)
    }
}
