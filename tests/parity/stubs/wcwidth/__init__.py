"""Stand-in for the `wcwidth` package, which Debian 12 does not package and ftfy imports at load time.

ftfy uses it only in ftfy.formatting (display_ljust / display_center, column widths for terminals), never in
ftfy.fix_text, which is all the tokenizer goldens call. The widths here follow the Unicode East Asian Width property
(2 for wide and full-width, 0 for combining marks and most controls, 1 otherwise); the real package has its own
tables, so do not rely on this for anything but importing ftfy."""
import unicodedata


def wcwidth(char):
    code = ord(char)
    if code == 0:
        return 0
    if code < 32 or 0x7F <= code < 0xA0:
        return -1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wcswidth(text, n=None):
    total = 0
    for char in text if n is None else text[:n]:
        width = wcwidth(char)
        if width < 0:
            return -1
        total += width
    return total
