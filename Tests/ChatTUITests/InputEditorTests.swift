import ChatTUI
import Testing

/// The text field behind the chat input, the search prompt and the form.
@Suite struct InputEditorTests {
    private func typed(_ text: String) -> InputEditor {
        var editor = InputEditor()
        for character in text { editor.insert(String(character)) }
        return editor
    }

    @Test func insertsAtTheCursorAndMovesByCluster() {
        var editor = typed("a👍🏽c")
        #expect(editor.cursor == 3)
        editor.moveLeft()
        editor.moveLeft()
        editor.insert("日")
        #expect(editor.text == "a日👍🏽c")
        editor.backspace()
        editor.deleteForward()
        #expect(editor.text == "ac")
        #expect(editor.cursor == 1)
    }

    @Test func combiningMarksJoinTheirBase() {
        var editor = typed("e")
        editor.insert("\u{301}")
        #expect(editor.text == "é")
        #expect(editor.cursor == 1)
    }

    @Test func pastedControlsBecomeVisibleAndLineBreaksStay() {
        var editor = InputEditor()
        editor.insert("a\r\nb\u{1B}[2J\tc\rd")
        #expect(editor.text == "a\nb␛[2J   c\nd")
        var single = InputEditor(multiline: false)
        single.insert("a\nb")
        single.newline()
        #expect(single.text == "a b")
    }

    @Test func linesAndWords() {
        var editor = typed("first line")
        editor.newline()
        editor.insert("second")
        let movedUp = editor.moveUp()
        #expect(movedUp)
        #expect(editor.cursor == 6)
        let movedPastTop = editor.moveUp()
        #expect(!movedPastTop)
        editor.moveToLineEnd()
        #expect(editor.cursor == 10)
        let movedDown = editor.moveDown()
        #expect(movedDown)
        #expect(editor.cursor == 17)
        editor.deleteWordBackward()
        #expect(editor.text == "first line\n")
        editor.deleteWordBackward()
        #expect(editor.text == "first line")
        editor.moveWordLeft()
        #expect(editor.cursor == 6)
        editor.deleteToLineEnd()
        editor.moveToLineStart()
        #expect(editor.text == "first ")
        editor.moveWordRight()
        editor.deleteToLineStart()
        #expect(editor.text == " ")
    }

    @Test func layoutHardWrapsAndPlacesTheCursor() {
        let editor = typed("ab日本語x")
        let (rows, row, column) = editor.layout(width: 5)
        #expect(rows == ["ab日", "本語x", ""])
        #expect(row == 2 && column == 0)
        var middle = editor
        middle.moveLeft()
        let (_, middleRow, middleColumn) = middle.layout(width: 5)
        #expect(middleRow == 1 && middleColumn == 4)
        let full = typed("abcde").layout(width: 5)
        #expect(full.rows == ["abcde", ""])
        #expect(full.cursorRow == 1 && full.cursorColumn == 0)
    }

    @Test func aOneRowWindowKeepsTheCursorVisible() {
        var editor = typed("0123456789")
        #expect(editor.window(width: 5).text == "6789")
        #expect(editor.window(width: 5).cursorColumn == 4)
        editor.moveToLineStart()
        #expect(editor.window(width: 5).text == "0123456789")
        #expect(editor.window(width: 5).cursorColumn == 0)
    }
}
