import ChatClientKit
import Foundation

extension AppState {
    /// Keys while the search prompt is open: editing, Enter applies, Esc cancels.
    mutating func handleSearch(_ key: Key) -> [Effect] {
        guard var editor = list.search else { return [] }
        switch key {
        case .enter:
            list.search = nil
            var filter = list.filter
            filter.search = editor.text.trimmingCharacters(in: .whitespaces)
            return applyFilter(filter)
        case .escape:
            list.search = nil
            return []
        default:
            edit(&editor, with: key)
            list.search = editor
            return []
        }
    }

    /// Keys while an overlay is open; it takes them all.
    mutating func handleOverlay(_ key: Key, _ overlay: Overlay) -> [Effect] {
        switch overlay {
        case .help(let scroll):
            let page = max(height - 6, 1)
            let maxScroll = max(HelpText.lines(width: Overlays.helpWidth(screen: width) - 4).count - page, 0)
            switch key {
            case .up, .character("k"): self.overlay = .help(scroll: max(scroll - 1, 0))
            case .down, .character("j"): self.overlay = .help(scroll: min(scroll + 1, maxScroll))
            case .pageUp: self.overlay = .help(scroll: max(scroll - page, 0))
            case .pageDown, .character(" "): self.overlay = .help(scroll: min(scroll + page, maxScroll))
            case .escape, .enter, .character("?"), .character("q"): self.overlay = nil
            default: break
            }
            return []
        case .confirmQuit:
            switch key {
            case .character("y"), .character("Y"), .character("q"):
                quitting = true
                return [.quit]
            case .character("n"), .character("N"), .escape:
                self.overlay = nil
            default:
                break
            }
            return []
        case .newConversation(var form):
            let effects = handleForm(key, &form)
            if case .newConversation = self.overlay { self.overlay = .newConversation(form) }
            return effects
        case .joinRoom(var editor):
            switch key {
            case .escape:
                self.overlay = nil
                return []
            case .enter:
                self.overlay = nil
                return joinRoom(editor.text)
            default:
                edit(&editor, with: key)
                self.overlay = .joinRoom(editor)
                return []
            }
        }
    }

    private mutating func handleForm(_ key: Key, _ form: inout NewConversationForm) -> [Effect] {
        switch key {
        case .escape:
            overlay = nil
        case .tab, .down:
            form.nextField()
        case .backTab, .up:
            form.previousField()
        case .left where form.field == .channel || form.field == .priority:
            form.cycleChoice(-1)
        case .right where form.field == .channel || form.field == .priority,
             .character(" ") where form.field == .channel || form.field == .priority:
            form.cycleChoice(1)
        case .control("g"):
            return [.generateClientID]
        case .enter:
            guard !form.submitting else { return [] }
            switch form.validated() {
            case .success(let draft):
                form.submitting = true
                form.error = nil
                return [.create(draft)]
            case .failure(let problem):
                form.field = problem.field
                form.error = problem.text
            }
        default:
            form.edit { edit(&$0, with: key) }
        }
        return []
    }

    /// The line-editing keys shared by single-line prompts.
    private func edit(_ editor: inout InputEditor, with key: Key) {
        switch key {
        case .character(let character): editor.insert(String(character))
        case .paste(let text): editor.insert(text)
        case .backspace, .control("h"): editor.backspace()
        case .delete, .control("d"): editor.deleteForward()
        case .left, .control("b"): editor.moveLeft()
        case .right, .control("f"): editor.moveRight()
        case .home, .control("a"): editor.moveToLineStart()
        case .end, .control("e"): editor.moveToLineEnd()
        case .control("u"): editor.deleteToLineStart()
        case .control("k"): editor.deleteToLineEnd()
        case .control("w"), .altBackspace: editor.deleteWordBackward()
        default: break
        }
    }
}
