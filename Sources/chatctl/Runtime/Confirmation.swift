import Foundation

/// Reading a yes/no answer; anything but yes means no.
enum Confirmation {
    static func accepts(_ answer: String?) -> Bool {
        guard let answer = answer?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
