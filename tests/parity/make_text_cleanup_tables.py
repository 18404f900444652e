#!/usr/bin/python3
"""Writes the tables of model/tokenizers/text_cleanup.cpp (ftfy 6.3.1's entity, C1, width and NFC tables) to stdout,
to be pasted between the table markers there. Runs with Debian's python3 (3.11, Unicode 14.0.0) and ftfy 6.3.1's
source (README.md, "Bringing the references onto a machine without internet"; TASTELAB_FTFY_SRC overrides).

    /usr/bin/python3 tests/parity/make_text_cleanup_tables.py > /tmp/tables.inc
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path[:0] = [os.environ.get("TASTELAB_FTFY_SRC", "/tmp/parity_ref/ftfy"), os.path.join(HERE, "stubs")]
import html, re, unicodedata  # noqa: E401
import ftfy
from ftfy import chardata
import ftfy.bad_codecs  # registers sloppy-windows-1252

def cps(s, n):
    v = [f"0x{ord(c):X}" for c in s] + ["0"] * (n - len(s))
    return "{" + ", ".join(v) + "}"

def emit(name, typ, rows, per_line):
    out = [f"constexpr std::array<{typ}, {len(rows)}> {name}{{{{"]
    line = "   "
    for r in rows:
        item = " " + r + ","
        if len(line) + len(item) > 118:
            out.append(line)
            line = "   "
        line += item
    out.append(line)
    out.append("}};")
    return "\n".join(out)

ents = sorted((k[1:-1], v) for k, v in chardata.HTML_ENTITIES.items() if re.fullmatch(r"&[0-9A-Za-z]{1,24};", k))
assert max(len(v) for _, v in ents) <= 3
print(emit("kHtmlEntities", "HtmlEntity", [f'{{"{k}", {cps(v, 3)}}}' for k, v in ents], 3))
c1 = [bytes([b]).decode("sloppy-windows-1252") for b in range(0x80, 0xA0)]
assert all(len(c) == 1 for c in c1)
print(emit("kC1AsWindows1252", "char32_t", [f"0x{ord(c):X}" for c in c1], 8))
width = sorted(chardata.WIDTH_MAP.items())
assert max(len(v) for _, v in width) <= 2
print(emit("kWidthMap", "CodePointMap", [f"{{0x{k:X}, {cps(v, 3)}}}" for k, v in width], 4))
nfc = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and unicodedata.normalize("NFC", chr(c)) != chr(c)]
single = [c for c in nfc if len(unicodedata.normalize("NFC", chr(c))) == 1]
multi = [c for c in nfc if len(unicodedata.normalize("NFC", chr(c))) > 1]
print(emit("kNfcSingles", "SingleMap", [f"{{0x{c:X}, 0x{ord(unicodedata.normalize('NFC', chr(c))):X}}}" for c in single], 4))
print(emit("kNfcMultiples", "CodePointMap", [f"{{0x{c:X}, {cps(unicodedata.normalize('NFC', chr(c)), 3)}}}" for c in multi], 4))
print("// invalid_charrefs", {hex(k): hex(ord(v)) if len(v)==1 else v for k, v in html._invalid_charrefs.items()}, file=sys.stderr)
print("// lig", {hex(k): v for k, v in chardata.LIGATURES.items()}, file=sys.stderr)
