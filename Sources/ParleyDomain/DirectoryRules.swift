import Foundation

/// Field rules of the directory (users and units), checked after authorization.
public enum DirectoryRules {
    public static func email(_ email: String, field: String = "email") -> [FieldError] {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.unicodeScalars.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !email.contains(where: \.isWhitespace)
        else { return [FieldError(field: field, message: "must be an e-mail address")] }
        return []
    }

    public static func name(_ name: String, field: String = "name") -> [FieldError] {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        // The database's length() counts code points, not the grapheme clusters `count` does.
        guard !trimmed.isEmpty, name.unicodeScalars.count <= 200 else {
            return [FieldError(field: field, message: "must be 1 to 200 characters")]
        }
        return []
    }

    public static func password(_ password: String) -> [FieldError] {
        // bcrypt reads at most 72 bytes; longer passwords would be silently truncated.
        guard (8...72).contains(password.utf8.count) else {
            return [FieldError(field: "password", message: "must be 8 to 72 bytes")]
        }
        return []
    }
}
