import ChatTUI
import Testing

/// Raw terminal input into keys.
@Suite struct KeyDecoderTests {
    private func decode(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(text.unicodeScalars.map(TerminalInput.scalar))
    }

    @Test func charactersAndControls() {
        #expect(decode("aé\r\t\u{7F}\u{01}\u{0A}\u{17}") == [
            .character("a"), .character("é"), .enter, .tab, .backspace, .control("a"), .control("j"), .control("w"),
        ])
        #expect(decode("\u{00}\u{1C}\u{9B}").isEmpty)
    }

    @Test func escapePrefixes() {
        #expect(decode("\u{1B}") == [.escape])
        #expect(decode("\u{1B}\r") == [.altEnter])
        #expect(decode("\u{1B}b\u{1B}\u{7F}") == [.alt("b"), .altBackspace])
        #expect(decode("\u{1B}\u{1B}") == [.escape, .escape])
        #expect(decode("\u{1B}\u{03}") == [.escape, .control("c")])
        #expect(decode("\u{1B}[1;5Dx\u{1B}OPy") == [.character("x"), .character("y")])
    }

    @Test func keysTheTerminalLibraryDecodedPassThrough() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([.key(.up), .scalar("k"), .key(.wheelDown(x: 3, y: 4))]) == [
            .up, .character("k"), .wheelDown(x: 3, y: 4),
        ])
    }

    @Test func bracketedPasteIsOneKeyEvenAcrossBatches() {
        var decoder = KeyDecoder()
        #expect(decoder.decode("x\u{1B}[200~line one\rq".unicodeScalars.map(TerminalInput.scalar)) == [.character("x")])
        #expect(decoder.isPasting)
        #expect(decoder.decode("\u{1B}[3~ and\u{1B}".unicodeScalars.map(TerminalInput.scalar)).isEmpty)
        #expect(decoder.decode("[201~!".unicodeScalars.map(TerminalInput.scalar)) == [
            .paste("line one\rq\u{1B}[3~ and"), .character("!"),
        ])
        #expect(!decoder.isPasting)
    }

    @Test func aLongPasteArrivesWhole() {
        var decoder = KeyDecoder()
        let body = String(repeating: "línea 日本\r", count: 20_000)
        let keys = decoder.decode(("\u{1B}[200~" + body + "\u{1B}[201~").unicodeScalars.map(TerminalInput.scalar))
        #expect(keys == [.paste(body)])
    }
}
