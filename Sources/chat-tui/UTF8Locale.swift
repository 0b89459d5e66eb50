import CNcursesw
import Foundation

/// ncursesw drops wide text unless the C library runs in a UTF-8 locale, so one is set
/// even when the environment has none (or an ASCII one such as `C`).
enum UTF8Locale {
    /// Activates the environment's locale if it is UTF-8, else `C.UTF-8` (then `en_US.UTF-8`);
    /// returns the codeset in use.
    @discardableResult
    static func activate() -> String {
        setlocale(LC_ALL, "")
        if isUTF8 { return codeset }
        for fallback in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, fallback) != nil {
            if isUTF8 { break }
        }
        return codeset
    }

    static var codeset: String { String(cString: chat_codeset()) }

    private static var isUTF8: Bool {
        let name = codeset.uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
